namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// Judges one destination for the fleet, the way each destination's circuit breaker judges it for one instance, but on
/// the whole fleet's traffic: a destination leaves the rotation when its probes say it is down, or when the fleet-wide
/// failure ratio over the window reaches the backend's <c>FailureRatio</c> with at least <c>MinimumThroughput</c>
/// requests (however few each instance sent). Out because of its probes, it returns on the first successful probe; out
/// because of traffic, it returns after the backend's <c>BreakDuration</c> on trial, judged again on new traffic only.
/// </summary>
internal static class FleetJudge
{
    public static FleetVerdict Judge(
        FleetVerdict? previous, ObservationTotals traffic, ProbeReading probe, BackendHealthRules rules, string judge, DateTimeOffset now)
    {
        var since = previous?.Since ?? now;
        var judgedFrom = previous?.JudgedFrom ?? DateTimeOffset.MinValue;
        var wasIn = previous?.InRotation ?? true;
        if (!rules.Probed)
        {
            probe = ProbeReading.None;
        }

        FleetVerdict Verdict(bool inRotation, string source, DateTimeOffset changedAt, DateTimeOffset from) =>
            new(inRotation, source, changedAt, from, traffic.Requests, traffic.Failures, traffic.Reporters, probe.Status, probe.At, judge, now);

        if (probe.Status == ProbeStatus.Down)
        {
            return Verdict(false, VerdictSource.Probe, wasIn ? now : since, judgedFrom);
        }

        if (!wasIn)
        {
            var returns = previous!.Source == VerdictSource.Probe
                ? probe.Status == ProbeStatus.Up || !rules.Probed
                : now >= since + rules.BreakDuration;
            return returns
                ? Verdict(true, probe.Status == ProbeStatus.Up ? VerdictSource.Probe : VerdictSource.Observations, now, now)
                : Verdict(false, previous.Source, since, judgedFrom);
        }

        if (rules.JudgesTraffic && traffic.Requests >= rules.MinimumThroughput && traffic.Requests > 0
            && traffic.Failures >= rules.FailureRatio * traffic.Requests)
        {
            return Verdict(false, VerdictSource.Observations, now, judgedFrom);
        }

        var source = traffic.Requests > 0 ? VerdictSource.Observations : probe.Status == ProbeStatus.Up ? VerdictSource.Probe : VerdictSource.None;
        return Verdict(true, source, since, judgedFrom);
    }
}
