namespace Serverless.Orders.Participants;

/// <summary>What one call to a participant came to.</summary>
public readonly record struct StepResult(StepResultKind Kind, string? Reference, string? Code, string? Error)
{
    public static StepResult Succeeded(string? reference) => new(StepResultKind.Succeeded, reference, null, null);

    public static StepResult Rejected(string code, string error) => new(StepResultKind.Rejected, null, code, error);

    public static StepResult Transient(string error) => new(StepResultKind.Transient, null, null, error);
}
