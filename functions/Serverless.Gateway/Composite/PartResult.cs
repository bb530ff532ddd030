namespace Serverless.Gateway.Composite;

/// <summary>What one part's call came to: its JSON body, or why it is missing in the gateway's problem vocabulary.</summary>
/// <param name="Body">The part's JSON answer; null when the part failed.</param>
/// <param name="Code">A code of <c>ProblemCodes</c> when the part failed.</param>
/// <param name="Status">The backend's status, or the one the gateway would have answered a forwarded call with.</param>
/// <param name="Detail">What went wrong, for the caller.</param>
internal sealed record PartResult(ReadOnlyMemory<byte>? Body, string? Code, int Status, string? Detail)
{
    public bool Succeeded => Body is not null;

    public static PartResult Success(ReadOnlyMemory<byte> body, int status) => new(body, null, status, null);

    public static PartResult Failure(string code, int status, string detail) => new(null, code, status, detail);
}
