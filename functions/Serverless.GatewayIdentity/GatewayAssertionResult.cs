using System.Diagnostics.CodeAnalysis;

namespace Serverless.GatewayIdentity;

/// <summary>
/// The outcome of checking an assertion: the <see cref="Caller"/>, or an <see cref="Error"/> code with a
/// <see cref="Detail"/> in words. Answer any failure but <see cref="KeysUnavailable"/> with 401; that one is the
/// backend's own problem (it could not fetch the gateway's keys), so 503.
/// </summary>
public sealed class GatewayAssertionResult
{
    /// <summary>No assertion was sent: the request did not come through the gateway, or its backend is not configured for assertions.</summary>
    public const string MissingAssertion = "missing_assertion";

    /// <summary>Not a signed JWT, too long, of another <c>typ</c>, or without <c>exp</c>, <c>sub</c> or <c>tid</c>.</summary>
    public const string MalformedAssertion = "malformed_assertion";

    /// <summary>
    /// The signature does not verify, the algorithm is not ES256 (<c>none</c> and HMAC included), or the key it names is
    /// not among the gateway's published keys, even after fetching them again.
    /// </summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>Past <c>exp</c>, or before <c>nbf</c>, by more than the clock skew.</summary>
    public const string ExpiredAssertion = "expired_assertion";

    /// <summary>The assertion was issued for another backend (<c>aud</c>).</summary>
    public const string WrongAudience = "wrong_audience";

    /// <summary>The assertion names another issuer (<c>iss</c>).</summary>
    public const string WrongIssuer = "wrong_issuer";

    /// <summary>The gateway's keys could not be fetched, so nothing can be verified: fail closed, and answer 503.</summary>
    public const string KeysUnavailable = "keys_unavailable";

    private GatewayAssertionResult(GatewayCaller? caller, string? error, string? detail)
    {
        Caller = caller;
        Error = error;
        Detail = detail;
    }

    /// <summary>The verified caller; null on failure.</summary>
    public GatewayCaller? Caller { get; }

    /// <summary>One of the error codes of this class; null on success.</summary>
    public string? Error { get; }

    /// <summary>What was wrong, for logs and the backend's developer; never contains the assertion. Null on success.</summary>
    public string? Detail { get; }

    [MemberNotNullWhen(true, nameof(Caller))]
    [MemberNotNullWhen(false, nameof(Error), nameof(Detail))]
    public bool Succeeded => Caller is not null;

    public static GatewayAssertionResult Success(GatewayCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new(caller, null, null);
    }

    public static GatewayAssertionResult Failure(string error, string detail)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        ArgumentException.ThrowIfNullOrEmpty(detail);
        return new(null, error, detail);
    }

    public override string ToString() => Succeeded ? $"Succeeded: {Caller}" : $"{Error}: {Detail}";
}
