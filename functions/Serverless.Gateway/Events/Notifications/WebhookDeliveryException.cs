namespace Serverless.Gateway.Events.Notifications;

/// <summary>
/// The webhook answered something other than 2xx. Thrown so that the invocation fails and the message is delivered
/// again, then dead-lettered; <see cref="IsPermanent"/> tells an operator whether waiting can help.
/// </summary>
public sealed class WebhookDeliveryException : Exception
{
    public WebhookDeliveryException()
    {
    }

    public WebhookDeliveryException(string message)
        : base(message)
    {
    }

    public WebhookDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WebhookDeliveryException(string backend, int statusCode, bool isPermanent)
        : base(isPermanent
            ? $"The webhook backend '{backend}' refused the notification with HTTP {statusCode}; it will fail again until the receiver or its configuration is fixed, then the dead-lettered message can be replayed."
            : $"The webhook backend '{backend}' answered HTTP {statusCode}; the notification will be delivered again.")
    {
        StatusCode = statusCode;
        IsPermanent = isPermanent;
    }

    /// <summary>The webhook's HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>True for answers a retry cannot change (a 4xx other than 408 and 429, or a redirect).</summary>
    public bool IsPermanent { get; }
}
