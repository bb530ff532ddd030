namespace Serverless.Gateway.Tests.Orders;

/// <summary>The <c>code</c> of each Problem Details answer the orders API gives, as its clients see them through the gateway.</summary>
internal static class OrderProblems
{
    public const string InvalidOrder = "invalid_order";
    public const string MalformedJson = "malformed_json";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string PayloadTooLarge = "payload_too_large";
    public const string InvalidIdempotencyKey = "invalid_idempotency_key";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string OrderNotFound = "order_not_found";
    public const string PastPointOfNoReturn = "order_past_point_of_no_return";
    public const string NotRetryable = "order_not_retryable";
    public const string InsufficientScope = "insufficient_scope";
}
