namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>Where a new key may be used from: web origins (a publishable key) and client address ranges; empty lists restrict nothing.</summary>
public sealed record ApiKeyAccess(IReadOnlyList<string> Origins, IReadOnlyList<string> AllowIps, IReadOnlyList<string> DenyIps)
{
    public static readonly ApiKeyAccess Unrestricted = new([], [], []);
}
