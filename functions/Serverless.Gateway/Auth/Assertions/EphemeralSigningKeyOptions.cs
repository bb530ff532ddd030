namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// Whether the gateway may sign identity assertions with a key it generates at start-up when none is configured. Not
/// read from configuration: the composition root turns it off under the Functions host, where every instance would
/// generate its own key and backends fetch the keys from whichever instance answers, so a backend that receives
/// assertions needs a configured key there.
/// </summary>
internal sealed class EphemeralSigningKeyOptions
{
    /// <summary>Default true: one process signs and publishes its own keys.</summary>
    public bool Allowed { get; set; } = true;
}
