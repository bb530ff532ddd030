namespace Serverless.AppHost.Demo;

internal sealed record Product(string Id, string Name, decimal Price, string Currency);
