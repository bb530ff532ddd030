namespace Serverless.Samples.Notifications;

/// <summary>One delivery the webhook receiver accepted, as its ledger lists it; a repeated key is recorded too, as a duplicate.</summary>
internal sealed record ReceivedNotification(
    string EventId, string Type, string Subject, long? Sequence, DateTimeOffset ReceivedAt, string IdempotencyKey, bool Duplicate, string ContentType);
