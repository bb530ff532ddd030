using System.CommandLine;
using Serverless.Gateway.Events.DeadLetters;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Cli;

/// <summary><c>events dead-letters list|show|replay</c>: the poison queues of the standalone runtime, for operators.</summary>
public static class EventsCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        // Built on first use, so `events --help` works without storage configured.
        var deadLetters = new Lazy<DeadLetterQueues>(() => new DeadLetterQueues(
            services.GetRequiredService<FunctionCatalog>(), services.GetRequiredService<IConfiguration>(), services.GetRequiredService<TimeProvider>()));
        return new Command("events", "Operate the events delivered to downstream functions.")
        {
            DeadLettersCommand.Create(deadLetters, output),
        };
    }
}
