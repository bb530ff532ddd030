using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Hosting;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class StartupBugTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_service_that_cannot_be_resolved_at_start_up_is_a_bug_that_keeps_its_stack_trace_not_invalid_configuration()
    {
        using var error = new StringWriter();
        string[] args = ["--urls=http://127.0.0.1:0", $"--AzureWebJobsStorage={azurite.ConnectionString}", "--HeartbeatSchedule=0 0 0 1 1 *"];

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GatewayProgram.RunAsync(args, error, builder => builder.Services.AddHostedService<NeedsAnUnregisteredService>()));

        Assert.Contains(nameof(IUnregistered), exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration is invalid", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A registration mistake: nothing registers <see cref="IUnregistered"/>.</summary>
    private sealed class NeedsAnUnregisteredService(IUnregistered dependency) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(dependency);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private interface IUnregistered;
}
