using Serverless.Samples.Participants;

namespace Serverless.Samples.Notifications;

/// <summary>Settings of the demo webhook receiver.</summary>
public sealed class WebhookReceiverOptions : ParticipantOptions
{
    /// <summary>The path events are posted to; the gateway's <c>Events:Notifications:Path</c> default.</summary>
    public string Path { get; init; } = "/hooks/orders";
}
