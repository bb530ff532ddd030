using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>One real Azurite per test run, on free loopback ports, in memory; installed from npm by the project if missing.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => Azurite = await AzuriteProcess.StartAsync(RepositoryRoot.Find());

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}
