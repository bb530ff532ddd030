namespace Serverless.Orders.Participants;

public enum StepResultKind
{
    Succeeded,

    /// <summary>Refused for good (a business rule, or a request the participant cannot accept): retrying will not help.</summary>
    Rejected,

    /// <summary>No answer, a timeout, 408, 429 or 5xx: worth another attempt.</summary>
    Transient,
}
