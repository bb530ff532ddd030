namespace Serverless.GatewayIdentity;

/// <summary>The caller the gateway authenticated, as a verified assertion states it.</summary>
/// <param name="Tenant">The tenant the caller acts for (<c>tid</c>).</param>
/// <param name="Subject">The API key id, or the subject of the caller's bearer token (<c>sub</c>).</param>
/// <param name="Plan">The caller's plan (<c>plan</c>); empty when the assertion names none.</param>
/// <param name="Scopes">Granted scopes (<c>scp</c>), e.g. <c>orders:read</c>; empty when there are none.</param>
/// <param name="Scheme">How the caller authenticated at the gateway (<c>auth</c>): <c>ApiKey</c> or <c>Bearer</c>.</param>
public sealed record GatewayCaller(string Tenant, string Subject, string Plan, IReadOnlyList<string> Scopes, string Scheme)
{
    /// <summary>Whether <paramref name="scope"/> was granted; scopes compare case-sensitively.</summary>
    public bool HasScope(string scope)
    {
        for (var i = 0; i < Scopes.Count; i++)
        {
            if (string.Equals(Scopes[i], scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
