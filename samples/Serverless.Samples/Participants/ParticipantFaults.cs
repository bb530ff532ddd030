namespace Serverless.Samples.Participants;

/// <summary>
/// Failures a participant injects into its business endpoints, so the saga can be tested against slow, flaky and
/// unavailable services. The control and ledger endpoints are never affected: tests must always be able to observe
/// and repair a participant.
/// </summary>
public sealed record ParticipantFaults
{
    /// <summary>No injected failures.</summary>
    public static ParticipantFaults None { get; } = new();

    /// <summary>Delay added before every business request is handled.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Probability in [0, 1] that a business request is answered 503 without any effect.</summary>
    public double Transient503Rate { get; init; }

    /// <summary>Every business request is answered 503 for this many seconds from the moment the faults are set.</summary>
    public int DownForSeconds { get; init; }

    /// <summary>The reason these settings are unusable, or <see langword="null"/> when they are valid.</summary>
    public string? Validate() => this switch
    {
        { LatencyMs: < 0 } => "latencyMs must not be negative.",
        { Transient503Rate: < 0 or > 1 or double.NaN } => "transient503Rate must be between 0 and 1.",
        { DownForSeconds: < 0 } => "downForSeconds must not be negative.",
        _ => null,
    };
}
