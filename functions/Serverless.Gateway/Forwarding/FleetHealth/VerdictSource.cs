namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>What a fleet verdict rests on; shown on <c>/readyz</c> and as a metric tag.</summary>
internal static class VerdictSource
{
    /// <summary>Real traffic: the fleet-wide failure ratio over the window.</summary>
    public const string Observations = "observations";

    /// <summary>The shared result of the elected probers' active health probes.</summary>
    public const string Probe = "probe";

    /// <summary>Neither traffic nor probes in the window: nothing speaks against the destination.</summary>
    public const string None = "none";
}
