namespace Serverless.LocalRun.DevIdentity;

/// <summary>What a development token says about its caller.</summary>
/// <param name="Tenant">The <c>tid</c> claim, the tenant the gateway rate-limits and reports by.</param>
/// <param name="Scopes">The <c>scp</c> claim, space-separated as Entra ID writes it.</param>
/// <param name="Lifetime">From issue to expiry.</param>
/// <param name="Subject">The <c>sub</c> claim, the caller.</param>
/// <param name="Plan">The <c>plan</c> claim; without it the gateway applies its default plan.</param>
internal sealed record DevTokenRequest(string Tenant, IReadOnlyList<string> Scopes, TimeSpan Lifetime, string Subject, string? Plan);
