namespace Serverless.Gateway.Tests.Deployment;

/// <summary>The orders service as azd publishes it.</summary>
public sealed class PublishedOrdersAppFixture() : PublishedProjectFixture("Serverless.Orders");
