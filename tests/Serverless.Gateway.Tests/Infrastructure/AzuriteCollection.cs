namespace Serverless.Gateway.Tests.Infrastructure;

/// <summary>Tests that share the run's Azurite. They run one class at a time, so gateway instances never compete for the CPU.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
