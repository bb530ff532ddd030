using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Revisions;

namespace Serverless.Gateway.Cli;

/// <summary>
/// <c>config validate|publish|list|rollback</c>: configuration revisions in the storage account (docs/configuration.md).
/// A document is checked on top of the configuration the command reads, as an instance checks it on top of its own.
/// </summary>
public static class ConfigCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        // Resolved on first use, so `config --help` needs neither storage nor valid configuration.
        var publisher = new Lazy<RevisionPublisher>(() => services.GetRequiredService<RevisionPublisher>());
        var store = new Lazy<RevisionStore>(() => services.GetRequiredService<RevisionStore>());
        var options = new Lazy<RevisionOptions>(() => services.GetRequiredService<IOptions<RevisionOptions>>().Value);
        return new Command("config", "Publish the gateway's routes, backends and policies as numbered revisions that every instance applies without a restart.")
        {
            ValidateCommand(publisher, output),
            PublishCommand(publisher, options, output),
            ListCommand(store, options, output),
            RollbackCommand(publisher, store, output),
        };
    }

    private static Command ValidateCommand(Lazy<RevisionPublisher> publisher, TextWriter output)
    {
        var file = FileArgument();
        var command = new Command("validate", "Check a configuration document as publish would, and show what it changes against the live revision; publishes nothing.") { file };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var path = result.GetValue(file)!;
            var document = await ReadValidAsync(publisher.Value, path, cancellationToken);
            await output.WriteLineAsync($"{path} is valid.");
            (long? Live, IReadOnlyList<string> Changes) diff;
            try
            {
                diff = await publisher.Value.DiffAsync(document, cancellationToken);
            }
            catch (GatewayConfigurationException unconfigured)
            {
                await output.WriteLineAsync($"No live revision to compare with: {unconfigured.Message}");
                return;
            }

            var (live, changes) = diff;
            await output.WriteLineAsync(
                live is null ? "No revision is live yet; publishing it would set:"
                : changes.Count == 0 ? $"It holds the same settings as live revision {live}."
                : $"Against live revision {live}:");
            foreach (var change in changes)
            {
                await output.WriteLineAsync("  " + change);
            }
        }));
        return command;
    }

    private static Command PublishCommand(Lazy<RevisionPublisher> publisher, Lazy<RevisionOptions> options, TextWriter output)
    {
        var file = FileArgument();
        var message = MessageOption();
        var command = new Command("publish", "Check a configuration document and publish it as the next revision, which becomes live.") { file, message };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var document = await ReadValidAsync(publisher.Value, result.GetValue(file)!, cancellationToken);
            var (revision, published) = await publisher.Value.PublishAsync(document, result.GetValue(message), rollbackOf: null, cancellationToken);
            await output.WriteLineAsync(published
                ? $"Published revision {revision}; it is live. Instances apply it within {Seconds(options.Value.PollInterval)} (ConfigurationRevisions:PollInterval)."
                : $"Revision {revision}, which is live, already holds these settings; nothing was published.");
        }));
        return command;
    }

    private static Command ListCommand(Lazy<RevisionStore> store, Lazy<RevisionOptions> options, TextWriter output)
    {
        var command = new Command("list", "List the revisions, newest first: number, which is live, when, who and why.");
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var live = await store.Value.GetLiveAsync(cancellationToken);
            var any = false;
            await foreach (var revision in store.Value.ListAsync(cancellationToken))
            {
                if (!any)
                {
                    await output.WriteLineAsync($"{"REVISION",-10}{"LIVE",-6}{"PUBLISHED",-22}{"BY",-40}MESSAGE");
                    any = true;
                }

                var message = revision.Message ?? "-";
                await output.WriteLineAsync(string.Concat(
                    Column(revision.Number.ToString(CultureInfo.InvariantCulture), 10), Column(revision.Number == live?.Revision ? "live" : string.Empty, 6),
                    Column(revision.PublishedAt.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture), 22), Column(revision.PublishedBy, 40), message).TrimEnd());
            }

            if (!any)
            {
                await output.WriteLineAsync($"No revision has been published to table {options.Value.Table}; the gateway runs on its app settings and files.");
            }
        }));
        return command;
    }

    private static Command RollbackCommand(Lazy<RevisionPublisher> publisher, Lazy<RevisionStore> store, TextWriter output)
    {
        var number = new Argument<long>("revision") { Description = "The earlier revision whose settings become live again." };
        var message = MessageOption();
        var command = new Command("rollback", "Make an earlier revision's settings live again, as a new revision that copies them.") { number, message };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var target = result.GetValue(number);
            var live = await store.Value.GetLiveAsync(cancellationToken);
            var revision = target < 1 ? null : await store.Value.GetAsync(target, cancellationToken);
            if (revision?.Text is null)
            {
                throw new KeyNotFoundException(live is null
                    ? $"revision {target} does not exist: no revision has been published."
                    : $"revision {target} does not exist (revisions are 1 to {live.Revision}).");
            }

            if (live?.Revision == target)
            {
                await output.WriteLineAsync($"Revision {target} is live already; nothing was published.");
                return;
            }

            var document = RevisionDocument.Parse(revision.Text, $"revision {target}");
            ThrowIfInvalid(publisher.Value, document, $"revision {target}");
            var (published, _) = await publisher.Value.PublishAsync(
                document, result.GetValue(message) ?? $"rollback to revision {target}", rollbackOf: target, cancellationToken);
            await output.WriteLineAsync($"Published revision {published}, a copy of revision {target}; it is live.");
        }));
        return command;
    }

    private static async Task<RevisionDocument> ReadValidAsync(RevisionPublisher publisher, string path, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ArgumentException($"file '{fullPath}' does not exist.");
        }

        var document = RevisionDocument.Parse(await File.ReadAllTextAsync(fullPath, cancellationToken), path);
        ThrowIfInvalid(publisher, document, path);
        return document;
    }

    private static void ThrowIfInvalid(RevisionPublisher publisher, RevisionDocument document, string name)
    {
        if (publisher.Validate(document) is { Count: > 0 } errors)
        {
            throw new ArgumentException(
                $"{name} is invalid ({errors.Count} {(errors.Count == 1 ? "problem" : "problems")}); nothing was published:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => $"  - {e}"))}");
        }
    }

    private static Argument<string> FileArgument() =>
        new("file") { Description = "A JSON document shaped like the gateway's configuration file, holding Gateway:Routes, Gateway:Backends, Auth:Policies, RateLimiting:Policies or RateLimiting:Plans." };

    private static Option<string?> MessageOption() => new("--message", "-m") { Description = "Why, for the revision list." };

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");

    /// <summary>Padded to <paramref name="width"/>, and never without a space after it, however long.</summary>
    private static string Column(string text, int width) => text.Length < width ? text.PadRight(width) : text + " ";
}
