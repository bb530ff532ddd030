namespace Serverless.Samples;

/// <summary>What the echo endpoint saw of a request, after any proxy in front of it.</summary>
internal sealed record EchoReport(
    string ServedBy,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    long BodyLength);
