using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

/// <summary>
/// Settings of a backend <c>catalog</c> whose destination <c>d0</c> is group <c>stable</c> and <c>d1</c> group
/// <c>canary</c>, a signed route <c>/signed/...</c> (bearer tokens of <see cref="TestIdentityProvider"/>) and a public
/// route <c>/public/...</c> to it.
/// </summary>
internal static class SplitGateway
{
    public static GatewaySettings Settings(BackendServer stable, BackendServer canary, TestIdentityProvider identityProvider, int canaryWeight = 10)
    {
        var settings = new GatewaySettings()
            .Backend("catalog", stable.Address, canary.Address)
            .Set("Gateway:Backends:catalog:Groups:stable:Destinations:0", "d0")
            .Set("Gateway:Backends:catalog:Groups:stable:Weight", (100 - canaryWeight).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set("Gateway:Backends:catalog:Groups:canary:Destinations:0", "d1")
            .Set("Gateway:Backends:catalog:Groups:canary:Weight", canaryWeight.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Route("signed", "/signed/{**rest}", "catalog", ("AuthPolicy", "signed"))
            .Route("public", "/public/{**rest}", "catalog")
            .Set("Auth:Policies:signed:Require", "Jwt");
        foreach (var (key, value) in identityProvider.CreateSettings())
        {
            settings.Set(key, value);
        }

        return settings;
    }

    public static HttpRequestMessage Request(TestIdentityProvider identityProvider, string tenant, string path = "/signed/items", string plan = "standard")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", identityProvider.CreateToken(new Dictionary<string, object?> { ["tid"] = tenant, ["plan"] = plan }));
        return request;
    }

    public static string ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Served-By", out var values) ? values.Single() : $"(none: {(int)response.StatusCode})";
}
