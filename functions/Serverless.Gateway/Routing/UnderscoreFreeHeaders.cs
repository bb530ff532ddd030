namespace Serverless.Gateway.Routing;

/// <summary>
/// Set on a request whose header names hold no <c>_</c>, by the middleware that already reads every header to measure
/// them: such a request can spell a reserved header no other way than the header itself, so the transforms that strip
/// reserved headers need not read every header again (<see cref="HeaderAliases"/>). One shared instance: it is a fact
/// about the request, with nothing of its own to hold.
/// </summary>
internal sealed class UnderscoreFreeHeaders
{
    public static readonly UnderscoreFreeHeaders Instance = new();

    private UnderscoreFreeHeaders()
    {
    }
}
