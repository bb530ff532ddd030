namespace Serverless.Samples;

internal sealed record Product(string Id, string Name, decimal Price, string Currency);
