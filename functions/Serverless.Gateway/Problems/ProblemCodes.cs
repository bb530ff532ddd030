namespace Serverless.Gateway.Problems;

/// <summary>The stable <c>code</c> member of every Problem Details response the gateway itself produces.</summary>
public static class ProblemCodes
{
    public const string RouteNotFound = "route_not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string InvalidPath = "invalid_path";
    public const string InvalidHost = "invalid_host";
    public const string InvalidHeader = "invalid_header";
    public const string UriTooLong = "uri_too_long";
    public const string HeadersTooLarge = "headers_too_large";
    public const string BadRequest = "bad_request";
    public const string PayloadTooLarge = "payload_too_large";
    public const string BackendUnavailable = "backend_unavailable";
    public const string BackendUnreachable = "backend_unreachable";
    public const string BackendTimeout = "backend_timeout";
    public const string BadGateway = "bad_gateway";
    public const string InternalError = "internal_error";
    public const string Unauthenticated = "unauthenticated";
    public const string InvalidApiKey = "invalid_api_key";
    public const string ApiKeyRevoked = "api_key_revoked";
    public const string ApiKeyExpired = "api_key_expired";
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";
    public const string AuthUnavailable = "auth_unavailable";
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";
    public const string RateLimitUnavailable = "rate_limit_unavailable";
    public const string IpNotAllowed = "ip_not_allowed";
    public const string OriginNotAllowed = "origin_not_allowed";
    public const string PartsMissing = "parts_missing";
}
