namespace Serverless.Gateway.Tests.Deployment;

/// <summary>The gateway as azd publishes it.</summary>
public sealed class PublishedAppFixture() : PublishedProjectFixture("Serverless.Gateway");
