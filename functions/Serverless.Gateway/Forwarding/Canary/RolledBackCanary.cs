namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>A canary group this instance stopped sending traffic to, and the split configuration (JSON) it was rolled back under.</summary>
public sealed record RolledBackCanary(string Backend, string Group, string Against, string Reason, DateTimeOffset At, string SplitConfiguration);
