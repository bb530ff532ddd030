namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>A probe conclusion and when it was reached.</summary>
internal readonly record struct ProbeReading(ProbeStatus Status, DateTimeOffset? At)
{
    public static readonly ProbeReading None = new(ProbeStatus.Unknown, null);

    /// <summary>The more recent conclusion of two (the probers of a destination probe it in turn).</summary>
    public static ProbeReading Latest(ProbeReading a, ProbeReading b) =>
        a.Status == ProbeStatus.Unknown ? b
        : b.Status == ProbeStatus.Unknown ? a
        : (b.At ?? DateTimeOffset.MinValue) > (a.At ?? DateTimeOffset.MinValue) ? b : a;
}
