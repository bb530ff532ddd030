namespace Serverless.Gateway.Routing;

/// <summary>
/// CGI, WSGI, PHP and Rack hand a backend its request headers as variables in which <c>-</c> has become <c>_</c>, so
/// <c>X_Gateway_Tenant</c> reads there exactly like <c>X-Gateway-Tenant</c>. A header the gateway reserves must be
/// stripped in every such spelling.
/// </summary>
internal static class HeaderAliases
{
    /// <summary>True when <paramref name="name"/>, lower-cased and with <c>_</c> read as <c>-</c>, is <paramref name="header"/>.</summary>
    public static bool IsSpellingOf(string name, string header)
    {
        if (name.Length != header.Length)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i] == '_' ? '-' : name[i];
            if (char.ToLowerInvariant(c) != char.ToLowerInvariant(header[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes from <paramref name="proxyRequest"/> each header the client sent under a spelling of one of <paramref name="reserved"/>.</summary>
    public static void Remove(HttpContext context, HttpRequestMessage proxyRequest, ReadOnlySpan<string> reserved)
    {
        var received = context.Request.Headers;
        if (context.Features.Get<UnderscoreFreeHeaders>() is not null)
        {
            // Without an underscore a spelling differs from the header only in case, which both header collections ignore;
            // as below, only what the client sent is removed, never a header a transform before this one added.
            foreach (var header in reserved)
            {
                if (received.ContainsKey(header))
                {
                    proxyRequest.Headers.Remove(header);
                }
            }

            return;
        }

        foreach (var (name, _) in received)
        {
            foreach (var header in reserved)
            {
                if (IsSpellingOf(name, header))
                {
                    proxyRequest.Headers.Remove(name);
                    break;
                }
            }
        }
    }
}
