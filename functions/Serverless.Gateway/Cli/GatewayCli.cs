using System.CommandLine;

namespace Serverless.Gateway.Cli;

/// <summary>
/// Operator commands on the same executable (<c>keys ...</c>, <c>usage ...</c>, <c>events ...</c>), run against whatever storage the
/// app is configured for: appsettings.json, local.settings.json <c>Values</c>, or environment variables such as
/// <c>AzureWebJobsStorage</c> or <c>AzureWebJobsStorage__accountName</c> with a managed identity.
/// </summary>
public static class GatewayCli
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal) { "keys", "usage", "events" };

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        await using var services = CliServices.Build(settings);
        var root = new RootCommand("Serverless gateway operator commands.")
        {
            KeysCommand.Create(services.Provider, output),
            UsageCommand.Create(services.Provider, output),
            EventsCommand.Create(services.Provider, output),
        };
        var result = root.Parse(args);
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
