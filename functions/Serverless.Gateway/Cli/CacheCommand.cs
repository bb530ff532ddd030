using System.CommandLine;
using System.Globalization;
using Serverless.Gateway.Caching;

namespace Serverless.Gateway.Cli;

/// <summary>
/// <c>cache purge --route R [--key /path?query]</c>: removes entries from the shared tier. Each instance's memory tier
/// keeps what it holds until the entry's freshness runs out (docs/caching.md).
/// </summary>
public static class CacheCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var route = new Option<string>("--route") { Description = "The route whose entries go.", Required = true };
        var key = new Option<string?>("--key") { Description = "Only the entries of this path and query, as clients send it, e.g. /catalog/products?page=2." };
        var purge = new Command("purge", "Remove a route's entries, or those of one path and query, from the shared response cache.") { route, key };
        purge.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var pathAndQuery = result.GetValue(key);
            if (pathAndQuery is not null && !pathAndQuery.StartsWith('/'))
            {
                throw new ArgumentException($"--key must be a path and query starting with '/', e.g. /catalog/products?page=2; got '{pathAndQuery}'.");
            }

            var routeId = result.GetValue(route)!;
            var removed = await services.GetRequiredService<SharedResponseCache>().PurgeAsync(routeId, pathAndQuery, cancellationToken);
            var entries = removed == 1 ? "entry" : "entries";
            var scope = pathAndQuery is null ? string.Empty : " for " + pathAndQuery;
            await output.WriteLineAsync(
                $"Purged {removed.ToString(CultureInfo.InvariantCulture)} shared {entries} of route '{routeId}'{scope}; each instance's memory tier keeps its own until they expire.");
        }));
        return new Command("cache", "Manage the response cache.") { purge };
    }
}
