using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Hosting;

/// <summary>The executable's entry point: runs the gateway, and reports invalid configuration as a list of keys instead of a stack trace.</summary>
public static class GatewayProgram
{
    public const int InvalidConfigurationExitCode = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = GatewayApplication.CreateBuilder(args).Build();
            app.UseGateway();
            await app.StartAsync();
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"The gateway could not start because its configuration is invalid:{Environment.NewLine}{message}");
            return InvalidConfigurationExitCode;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// Start-up checks (configuration, settings, function.json drift) throw these with messages written for operators;
    /// anything else is a bug and keeps its stack trace.
    /// </summary>
    private static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join(Environment.NewLine, validation.Failures.Select(f => $"  - {f}")),
        AggregateException aggregate when aggregate.InnerExceptions.All(e => Describe(e) is not null) =>
            string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(Describe)),
        InvalidOperationException { InnerException: OptionsValidationException inner } => Describe(inner),
        InvalidOperationException => $"  - {exception.Message}",
        _ => null,
    };
}
