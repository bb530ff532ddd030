using System.Text;
using System.Text.RegularExpressions;
using Serverless.Gateway.Tests.Auth.Jwt;

namespace Serverless.Gateway.Tests.Hostile;

/// <summary>
/// Hostile input against a real gateway process, sent byte for byte. Whatever a client sends, the gateway answers it
/// without a 5xx (the backend is healthy throughout), stays up, never logs a stack trace for it, never lets a forged
/// identity, a client's secret or a smuggled request reach the backend, and never lets a limit be walked around.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class HostileInputTests(HostileGateway hostile) : IClassFixture<HostileGateway>
{
    private static readonly Func<int, bool> ClientError = status => status is >= 400 and < 500;
    private static readonly Func<int, bool> ServedOrRefused = status => status is 200 or (>= 400 and < 500);

    [Fact]
    public async Task Ambiguous_and_malformed_paths_are_refused_or_reach_the_backend_only_in_their_plain_form()
    {
        var since = hostile.Backend.Requests.Count;
        string[] targets =
        [
            "/anon/../key/secret", "/anon/%2e%2e/key/secret", "/anon/%2E%2E/key/secret", "/anon/.%2e/key/secret",
            "/anon/..;/key/secret", "/anon/.;/key/secret", "/anon/%2e%2e;/key/secret", "/anon/..;jsessionid=1/key/secret",
            "/anon/..%2fkey/secret", "/anon/..%2Fkey/secret", "/anon/..%5ckey/secret", "/anon\\..\\key\\secret",
            "//key/secret", "/anon//../key/secret", "/anon/%00", "/anon/a%00b", "/anon/%ZZ", "/anon/%", "/anon/%c0%ae%c0%ae/key",
            "/anon/%252e%252e/key", "/ANON/x", "/anon/./x", "*", "http://evil.example/anon/x", "anon/x",
        ];

        var failures = new List<string>();
        foreach (var target in targets)
        {
            var response = await SendAsync($"GET {target} HTTP/1.1\nHost: gateway\nConnection: close\n\n");
            Expect(failures, target, response, ServedOrRefused);
        }

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Forged_identity_headers_in_any_spelling_never_reach_the_backend()
    {
        var since = hostile.Backend.Requests.Count;
        const string Forged = "X-Gateway-Tenant: forged\nX_Gateway_Tenant: forged\nX-Gateway_Scopes: forged\nx_gateway_subject: forged\n" +
            "X-Gateway-Auth-Scheme: forged\nX-Gateway-Plan: forged\nX-Gateway-Assertion: forged\nX-Original-URL: /forged\nX-Rewrite-URL: /forged\n" +
            "X_Original_URL: /forged\n";
        var token = hostile.IdentityProvider.CreateToken();
        var failures = new List<string>();

        Expect(failures, "anonymous", await SendAsync($"GET /anon/x HTTP/1.1\nHost: gateway\n{Forged}Connection: close\n\n"), status => status == 200);
        Expect(failures, "API key", await SendAsync($"GET /key/x HTTP/1.1\nHost: gateway\nX-Api-Key: {hostile.Key}\n{Forged}Connection: close\n\n"), status => status == 200);
        Expect(failures, "JWT", await SendAsync($"GET /jwt/x HTTP/1.1\nHost: gateway\nAuthorization: Bearer {token}\n{Forged}Connection: close\n\n"), status => status == 200);

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task The_callers_API_key_never_reaches_a_backend_whatever_shape_it_arrives_in()
    {
        var since = hostile.Backend.Requests.Count;
        string[] presentations =
        [
            $"X-Api-Key: {hostile.Key}", $"x-api-key: {hostile.Key}", $"X_Api_Key: {hostile.Key}", $"Authorization: ApiKey {hostile.Key}",
            $"Authorization: apikey {hostile.Key}", $"Authorization: ApiKey {hostile.Key}, Bearer x", $"Authorization: Bearer x, ApiKey {hostile.Key}",
            $"Authorization: ApiKey  {hostile.Key}", $"X-Api-Key: {hostile.Key}\nX-Api-Key: {hostile.Key}",
        ];

        var failures = new List<string>();
        foreach (var presentation in presentations)
        {
            foreach (var path in new[] { "/anon/x", "/key/x" })
            {
                Expect(failures, $"{path} {presentation}", await SendAsync($"GET {path} HTTP/1.1\nHost: gateway\n{presentation}\nConnection: close\n\n"), ServedOrRefused);
            }
        }

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Header_forms_a_client_should_not_send_get_a_4xx_or_are_forwarded_never_a_5xx()
    {
        var since = hostile.Backend.Requests.Count;
        (string Name, byte[] Request)[] cases =
        [
            ("non-ASCII User-Agent", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nUser-Agent: {bytes}\nConnection: close\n\n", Encoding.UTF8.GetBytes("Mözilla/5.0"))),
            ("Latin-1 cookie", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nCookie: {bytes}\nConnection: close\n\n", Encoding.Latin1.GetBytes("name=José"))),
            ("NUL in a header", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nX-A: a{bytes}b\nConnection: close\n\n", [0])),
            ("bare CR in a header", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nX-A: a{bytes}X-Injected: yes\nConnection: close\n\n", [(byte)'\r'])),
            ("obs-fold", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nX-A: a\n X-Injected: yes\nConnection: close\n\n")),
            ("space before colon", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nX-A : a\nConnection: close\n\n")),
            ("empty Host", RawHttp.Request("GET /anon/x HTTP/1.1\nHost:\nConnection: close\n\n")),
            ("two Hosts", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nHost: evil.example\nConnection: close\n\n")),
            ("no Host", RawHttp.Request("GET /anon/x HTTP/1.1\nConnection: close\n\n")),
            ("Host with a path", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: evil.example/x\nConnection: close\n\n")),
            ("header name with a space", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nX Bad: a\nConnection: close\n\n")),
            ("bare LF line ends", Encoding.ASCII.GetBytes("GET /anon/x HTTP/1.1\nHost: gateway\nConnection: close\n\n")),
            ("CONNECT", RawHttp.Request("CONNECT /anon/x HTTP/1.1\nHost: gateway\nConnection: close\n\n")),
            ("CONNECT authority", RawHttp.Request("CONNECT backend.example:443 HTTP/1.1\nHost: backend.example:443\nConnection: close\n\n")),
            ("TRACE", RawHttp.Request("TRACE /anon/x HTTP/1.1\nHost: gateway\nConnection: close\n\n")),
            ("unknown method", RawHttp.Request("BREW /anon/x HTTP/1.1\nHost: gateway\nConnection: close\n\n")),
            ("h2c upgrade", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nUpgrade: h2c\nConnection: Upgrade, HTTP2-Settings, close\nHTTP2-Settings: AAMAAABkAAQAAP__\n\n")),
            ("websocket upgrade to a plain backend", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nUpgrade: websocket\nConnection: Upgrade, close\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\nSec-WebSocket-Version: 13\n\n")),
            ("Max-Forwards 0", RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nMax-Forwards: 0\nConnection: close\n\n")),
            ("Expect 100-continue without a body", RawHttp.Request("POST /anon/x HTTP/1.1\nHost: gateway\nExpect: 100-continue\nContent-Length: 0\nConnection: close\n\n")),
            ("unknown Expect", RawHttp.Request("POST /anon/x HTTP/1.1\nHost: gateway\nExpect: 200-ok\nContent-Length: 0\nConnection: close\n\n")),
        ];

        var failures = new List<string>();
        foreach (var (name, request) in cases)
        {
            Expect(failures, name, await RawHttp.SendAsync(hostile.Address, request), status => status < 500);
        }

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Request_smuggling_forms_are_refused_or_framed_one_way_by_both_the_gateway_and_the_backend()
    {
        var since = hostile.Backend.Requests.Count;
        const string Smuggled = "GET /anon/smuggled HTTP/1.1\nHost: gateway\nX-Smuggled: yes\n\n";
        string[] requests =
        [
            $"POST /anon/a HTTP/1.1\nHost: gateway\nContent-Length: 6\nTransfer-Encoding: chunked\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked\nContent-Length: 4\n\n{Crlf(Smuggled).Length:x}\n{Smuggled}\n0\n\n",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nContent-Length: 5\nContent-Length: 60\n\nhello{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nContent-Length: 5, 60\n\nhello{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: xchunked\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked, identity\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked\nTransfer-Encoding: identity\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding : chunked\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding:\tchunked\n\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked\n\nFFFFFFFFFFFFFFFFF\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked\n\n5;ext=\"x\n\"\nhello\n0\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nContent-Length: -1\n\n{Smuggled}",
            $"POST /anon/a HTTP/1.1\nHost: gateway\nContent-Length: +5\n\nhello{Smuggled}",
            $"POST /anon/a HTTP/1.0\nHost: gateway\nTransfer-Encoding: chunked\n\n0\n\n{Smuggled}",
            $"GET /anon/a HTTP/1.1\nHost: gateway\nContent-Length: {Crlf(Smuggled).Length}\n\n{Smuggled}",
        ];

        var failures = new List<string>();
        foreach (var request in requests)
        {
            var before = hostile.Backend.Requests.Count(r => r.Path == "/anon/smuggled");
            var response = await SendAsync(request + "GET /anon/last HTTP/1.1\nHost: gateway\nConnection: close\n\n");
            Expect(failures, request.Split('\n')[2], response, status => status < 500);

            // The smuggled request may only reach the backend as a request of its own that the gateway answered itself.
            var smuggledAtBackend = hostile.Backend.Requests.Count(r => r.Path == "/anon/smuggled") - before;
            var answeredAsItsOwn = response.Responses.Count(r => r.Head.Contains("X-Served-By", StringComparison.Ordinal)) - 2;
            if (smuggledAtBackend > Math.Max(0, answeredAsItsOwn))
            {
                failures.Add($"{request.Split('\n')[2]}: the backend received the smuggled request hidden in another: {response.Text}");
            }
        }

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Token_attacks_are_401_and_never_reach_the_backend()
    {
        var since = hostile.Backend.Requests.Count;
        var idp = hostile.IdentityProvider;
        (string Name, string Authorization)[] attacks =
        [
            ("not base64url", "Bearer e30.a.b.c.d"),
            ("five parts", "Bearer e30.e30.e30.e30.e30"),
            ("empty", "Bearer "),
            ("scheme only", "Bearer"),
            ("garbage", "Bearer !!!"),
            ("alg none", "Bearer " + idp.CreateUnsignedToken()),
            ("HS256 with the public key", "Bearer " + idp.CreateHmacToken(idp.RsaPublicKeyPem)),
            ("expired", "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["exp"] = DateTimeOffset.UtcNow.AddHours(-1), ["nbf"] = DateTimeOffset.UtcNow.AddHours(-2) })),
            ("wrong audience", "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["aud"] = "someone-else" })),
            ("critical header", "Bearer " + idp.CreateToken(headers: new Dictionary<string, object?> { ["crit"] = new[] { "b64" }, ["b64"] = false })),
            ("kid traversal", "Bearer " + idp.CreateToken(keyId: "../../../../etc/passwd")),
            ("CRLF in the tenant", "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["tid"] = "t1\r\nX-Injected: yes" })),
            ("CRLF in a scope", "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["scp"] = new[] { "read\r\nX-Injected: yes" } })),
            ("NUL in the subject", "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["sub"] = "a\0b" })),
            ("Basic", "Basic dXNlcjpwYXNz"),
            ("API key on a JWT route", $"ApiKey {hostile.Key}"),
        ];

        var failures = new List<string>();
        foreach (var (name, authorization) in attacks)
        {
            Expect(failures, name, await SendAsync($"GET /jwt/x HTTP/1.1\nHost: gateway\nAuthorization: {authorization}\nConnection: close\n\n"), status => status == 401);
        }

        var huge = "Bearer " + idp.CreateToken(new Dictionary<string, object?> { ["pad"] = new string('a', 40_000) });
        Expect(failures, "huge token", await SendAsync($"GET /jwt/x HTTP/1.1\nHost: gateway\nAuthorization: {huge}\nConnection: close\n\n"), status => status is 401 or 431);
        Expect(failures, "non-ASCII token", await RawHttp.SendAsync(hostile.Address,
            RawHttp.Request("GET /jwt/x HTTP/1.1\nHost: gateway\nAuthorization: Bearer {bytes}\nConnection: close\n\n", Encoding.UTF8.GetBytes("ëyJ.é.ü"))), status => status is 400 or 401);

        AssertNone(failures);
        Assert.DoesNotContain(hostile.Backend.Requests, request => request.Path.StartsWith("/jwt/", StringComparison.Ordinal)
            && request.Headers.GetValueOrDefault("X-Gateway-Tenant") != TestIdentityProvider.TenantId);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Oversized_input_gets_the_documented_4xx()
    {
        var since = hostile.Backend.Requests.Count;
        var body = new string('a', (int)HostileGateway.BodyLimit + 1);
        var chunked = $"{body.Length:x}\n{body}\n0\n\n";
        (string Name, string Request, int Status)[] cases =
        [
            ("body over the route's limit", $"POST /anon/x HTTP/1.1\nHost: gateway\nContent-Length: {body.Length}\nConnection: close\n\n{body}", 413),
            ("chunked body over the route's limit", $"POST /anon/x HTTP/1.1\nHost: gateway\nTransfer-Encoding: chunked\nConnection: close\n\n{chunked}", 413),
            ("URL of 20 KB", $"GET /anon/{new string('a', 20_000)} HTTP/1.1\nHost: gateway\nConnection: close\n\n", 414),
            ("header of 40 KB", $"GET /anon/x HTTP/1.1\nHost: gateway\nX-Big: {new string('a', 40_000)}\nConnection: close\n\n", 431),
            ("200 headers", $"GET /anon/x HTTP/1.1\nHost: gateway\n{string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\n"))}Connection: close\n\n", 431),
        ];

        var failures = new List<string>();
        foreach (var (name, request, status) in cases)
        {
            Expect(failures, name, await SendAsync(request), actual => actual == status);
        }

        AssertNone(failures);
        AssertBackendNeverSawAnythingForged(since);
    }

    [Fact]
    public async Task Requests_a_client_gets_wrong_never_open_a_healthy_backends_circuit()
    {
        byte[][] abuse =
        [
            RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nUser-Agent: {bytes}\nConnection: close\n\n", Encoding.UTF8.GetBytes("Mözilla/5.0")),
            RawHttp.Request("GET /anon/x HTTP/1.1\nHost: gateway\nCookie: {bytes}\nConnection: close\n\n", Encoding.Latin1.GetBytes("name=José")),
            RawHttp.Request("CONNECT /anon/x HTTP/1.1\nHost: gateway\nConnection: close\n\n"),
        ];
        var truncated = RawHttp.Request("POST /anon/x HTTP/1.1\nHost: gateway\nContent-Length: 100\nConnection: close\n\nshort");

        var failures = new List<string>();
        for (var round = 0; round < 15; round++)
        {
            foreach (var request in abuse)
            {
                Expect(failures, $"abuse round {round}", await RawHttp.SendAsync(hostile.Address, request), status => status < 500);
            }

            // The client goes away mid-body: there may be no answer at all, and it must not count against the backend.
            Expect(failures, $"truncated body, round {round}", await RawHttp.SendAsync(hostile.Address, truncated, endOfInput: true), status => status < 500);
        }

        var after = await SendAsync("GET /anon/still-served HTTP/1.1\nHost: gateway\nConnection: close\n\n");

        AssertNone(failures);
        Assert.True(after.Status == 200, $"After the abuse a plain request got: {after.Text}");
    }

    [Fact]
    public async Task No_spelling_of_a_path_key_or_client_address_gets_more_than_the_limit_through()
    {
        string[] paths = ["/limited/a", "/LIMITED/a", "/limited//a", "/limited/a/", "/limited/%61", "/Limited/A", "/limited/a?x=1", "/limited/./a"];
        string[] keys = [$"X-Api-Key: {hostile.LimitedKey}", $"x-api-key: {hostile.LimitedKey}", $"Authorization: ApiKey {hostile.LimitedKey}"];
        var served = 0;
        var attempt = 0;
        foreach (var path in paths)
        {
            foreach (var key in keys)
            {
                var spoof = $"X-Forwarded-For: 10.0.0.{attempt}\nX-Real-IP: 10.1.0.{attempt}\nForwarded: for=10.2.0.{attempt}\n";
                var response = await SendAsync($"GET {path} HTTP/1.1\nHost: gateway\n{key}\n{spoof}Connection: close\n\n");
                served += response.Status == 200 ? 1 : 0;
                attempt++;
            }
        }

        var anonymousServed = 0;
        for (var i = 0; i < 3 * HostileGateway.RateLimit; i++)
        {
            var response = await SendAsync($"GET /limited-anon/{i} HTTP/1.1\nHost: gateway\nX-Forwarded-For: 10.9.{i}.1\nX-Real-IP: 10.8.{i}.1\nConnection: close\n\n");
            anonymousServed += response.Status == 200 ? 1 : 0;
        }

        Assert.Equal(HostileGateway.RateLimit, served);
        Assert.Equal(HostileGateway.RateLimit, anonymousServed);
        Assert.Equal(2 * HostileGateway.RateLimit, hostile.Backend.Requests.Count(r => r.Path.StartsWith("/limited", StringComparison.OrdinalIgnoreCase)));
    }

    private static string Crlf(string text) => text.Replace("\n", "\r\n", StringComparison.Ordinal);

    private Task<RawResponse> SendAsync(string request) => RawHttp.SendAsync(hostile.Address, RawHttp.Request(request));

    private static void Expect(List<string> failures, string name, RawResponse response, Func<int, bool> allowed)
    {
        if (!allowed(response.Status))
        {
            failures.Add($"{name}: answered {response.Status}: {Truncate(response.Text)}");
        }
        else if (response.Status >= 400 && response.Responses[0].Body.Length > 0 && !response.Responses[0].Head.Contains("application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{name}: answered {response.Status} with a body that is not Problem Details: {Truncate(response.Text)}");
        }
    }

    private static string Truncate(string text) => text.Length > 600 ? text[..600] + "..." : text;

    private static void AssertNone(List<string> failures) => Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

    /// <summary>The invariants every hostile request must leave intact, checked over everything the backend has received.</summary>
    /// <param name="since">How many requests the backend had received when the test began.</param>
    private void AssertBackendNeverSawAnythingForged(int since)
    {
        var failures = new List<string>();
        foreach (var request in hostile.Backend.Requests.Skip(since))
        {
            foreach (var (name, value) in request.Headers)
            {
                var normalized = name.ToLowerInvariant().Replace('_', '-');
                if (value.Contains("forged", StringComparison.OrdinalIgnoreCase)
                    || value.Contains(hostile.Key, StringComparison.Ordinal) || value.Contains(hostile.LimitedKey, StringComparison.Ordinal)
                    || normalized is "x-injected" or "x-api-key" or "x-original-url" or "x-rewrite-url" or "x-gateway-assertion"
                    || (normalized.StartsWith("x-gateway-", StringComparison.Ordinal) && name.Contains('_', StringComparison.Ordinal))
                    || (normalized == "authorization" && value.Contains("apikey", StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"{request.Method} {request.Path}: {name}: {Truncate(value)}");
                }
            }

            if (!SafePath().IsMatch(request.Path))
            {
                failures.Add($"{request.Method} {request.Path}: a path the backend may resolve outside the route");
            }

            var tenant = request.Headers.GetValueOrDefault("X-Gateway-Tenant");
            if (request.Path.StartsWith("/key/", StringComparison.OrdinalIgnoreCase) && tenant != "contoso")
            {
                failures.Add($"{request.Method} {request.Path}: reached the API-key route as tenant '{tenant}'");
            }
        }

        AssertNone(failures);
        Assert.False(hostile.Gateway.HasExited, $"The gateway exited:{Environment.NewLine}{hostile.Gateway.Output}");
        var lines = hostile.Gateway.Output.Split('\n');
        var firstFrame = Array.FindIndex(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.True(firstFrame < 0,
            $"The gateway logged a stack trace for client input:{Environment.NewLine}{string.Join('\n', lines[Math.Max(0, firstFrame - 12)..Math.Max(0, firstFrame + 3)])}");
    }

    /// <summary>Under a route's prefix, with nothing a backend's path resolution could take outside it.</summary>
    [GeneratedRegex(@"^/(anon|key|jwt|limited|limited-anon)/(?!.*(\.\.|/\./|/\.$|;|\\|%2e|%2f|%5c|%00)).*$", RegexOptions.IgnoreCase)]
    private static partial Regex SafePath();
}
