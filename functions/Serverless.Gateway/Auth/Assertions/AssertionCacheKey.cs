namespace Serverless.Gateway.Auth.Assertions;

/// <summary>
/// A caller and a backend: the identity an assertion states and its audience. Callers compare by value, scopes in
/// order, because the record's own equality compares the scope lists by reference; a cached API key's identity is one
/// object, so the common case is a reference check.
/// </summary>
internal readonly record struct AssertionCacheKey(CallerIdentity Caller, string Audience)
{
    public bool Equals(AssertionCacheKey other) =>
        string.Equals(Audience, other.Audience, StringComparison.Ordinal) && (ReferenceEquals(Caller, other.Caller) || SameCaller(Caller, other.Caller));

    public override int GetHashCode() => HashCode.Combine(Audience, Caller.Tenant, Caller.Subject, Caller.Plan, Caller.Scheme, Caller.Scopes.Count);

    private static bool SameCaller(CallerIdentity a, CallerIdentity b)
    {
        if (!string.Equals(a.Tenant, b.Tenant, StringComparison.Ordinal) || !string.Equals(a.Subject, b.Subject, StringComparison.Ordinal)
            || !string.Equals(a.Plan, b.Plan, StringComparison.Ordinal) || !string.Equals(a.Scheme, b.Scheme, StringComparison.Ordinal)
            || a.Scopes.Count != b.Scopes.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Scopes.Count; i++)
        {
            if (!string.Equals(a.Scopes[i], b.Scopes[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
