using Microsoft.Extensions.Options;
using Serverless.Gateway.Configuration;

namespace Serverless.Gateway.Hosting;

/// <summary>The executable's entry point: runs the gateway, and reports invalid configuration as a list of keys instead of a stack trace.</summary>
public static class GatewayProgram
{
    public const int InvalidConfigurationExitCode = 2;

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Error, configure: null);

    /// <summary>With <paramref name="configure"/> tests can add to the composition what only a test would (a service that fails to start).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter error, Action<WebApplicationBuilder>? configure)
    {
        WebApplication? app = null;
        try
        {
            var builder = GatewayApplication.CreateBuilder(args);
            configure?.Invoke(builder);
            app = builder.Build();

            // The host would run these checks too, but it logs a failure with its stack trace before rethrowing it.
            app.Services.GetService<IStartupValidator>()?.Validate();
            app.UseGateway();
            await app.StartAsync();
        }
        catch (Exception ex) when (Describe(ex) is { } problems)
        {
            await DisposeAsync(app);
            await error.WriteLineAsync(problems is [var single]
                ? $"The gateway could not start because its configuration is invalid: {single}"
                : $"The gateway could not start because its configuration is invalid:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => $"  - {p}"))}");
            return InvalidConfigurationExitCode;
        }
        catch
        {
            // A bug: it propagates with its stack trace (and the runtime's crash exit code), after releasing the port.
            await DisposeAsync(app);
            throw;
        }

        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    /// <summary>
    /// Start-up checks throw these with messages written for operators: options validation, <see cref="GatewayConfigurationException"/>,
    /// and a configuration file that is not JSON. Anything else, an <see cref="InvalidOperationException"/> from dependency
    /// injection included, is a bug and keeps its stack trace.
    /// </summary>
    private static IReadOnlyList<string>? Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        GatewayConfigurationException configuration => [configuration.Message],
        InvalidDataException file when ConfigurationFileError.DescribeLoadFailure(file) is { } message => [message],
        AggregateException aggregate when aggregate.InnerExceptions.Select(Describe).ToList() is var all && all.All(problems => problems is not null) =>
            [.. all.SelectMany(problems => problems!)],

        // Options validated on first use inside a factory reach here wrapped.
        InvalidOperationException { InnerException: OptionsValidationException or GatewayConfigurationException } wrapper => Describe(wrapper.InnerException!),
        _ => null,
    };

    private static async Task DisposeAsync(WebApplication? app)
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
