namespace Serverless.Samples.Participants;

/// <summary>Settings every demo participant shares: its initial faults and the sources of time and chance.</summary>
public abstract class ParticipantOptions
{
    /// <summary>The faults in force when the participant starts; changeable later through <c>POST /_control/faults</c>.</summary>
    public ParticipantFaults Faults { get; init; } = ParticipantFaults.None;

    /// <summary>Seeds the random draws for transient 503s, so a test sees the same failures on every run.</summary>
    public int RandomSeed { get; init; } = 42;

    /// <summary>The clock for down windows and latency; tests pass a fake one to step through a down window.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
