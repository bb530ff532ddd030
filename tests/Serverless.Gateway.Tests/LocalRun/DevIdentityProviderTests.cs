using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.LocalRun.Cli;
using Serverless.LocalRun.DevIdentity;

namespace Serverless.Gateway.Tests.LocalRun;

/// <summary>
/// The local run's JWT path end to end: a token from the token command, a real gateway process that discovers the
/// development identity provider's keys, and the JWT-only route /secure/echo (scope echo:read) of gateway.local.json.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class DevIdentityProviderTests(AzuriteFixture azurite, LocalRunGatewayFixture fixture) : IClassFixture<LocalRunGatewayFixture>
{
    private const string JwtRoute = "/secure/echo/hello";

    [Fact]
    public async Task A_token_printed_by_the_token_command_is_accepted_on_the_jwt_route()
    {
        var local = await fixture.StartAsync(azurite);
        var token = await TokenCommandAsync(local, "--tenant", "contoso", "--scope", "echo:read");

        using var response = await GetAsync(local, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"servedBy\":\"echo-1\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_without_the_route_s_scope_is_refused_with_403()
    {
        var local = await fixture.StartAsync(azurite);
        var token = await TokenCommandAsync(local, "--tenant", "contoso", "--scope", "orders:read");

        using var response = await GetAsync(local, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused_with_401()
    {
        var local = await fixture.StartAsync(azurite);
        var directory = Directory.CreateTempSubdirectory("dev-identity-");
        try
        {
            using var otherKey = DevSigningKey.LoadOrCreate(directory.FullName);
            var token = new DevTokenIssuer(otherKey, local.Identity.Address, TimeProvider.System)
                .Issue(new DevTokenRequest("contoso", ["echo:read"], TimeSpan.FromMinutes(5), "dev-user", null));

            using var response = await GetAsync(local, token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_unsigned_token_with_the_right_claims_is_refused_with_401()
    {
        var local = await fixture.StartAsync(azurite);
        var signed = await TokenCommandAsync(local, "--tenant", "contoso", "--scope", "echo:read");
        var payload = signed.Split('.')[1];
        var unsigned = $"{Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""))}.{payload}.";

        using var response = await GetAsync(local, unsigned);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<string> TokenCommandAsync(LocalRunGatewayFixture local, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await LocalRunCli.InvokeAsync(["token", .. args, "--identity-port", local.IdentityPort], output, error, static (_, _) => Task.FromResult(1));
        Assert.True(exitCode == 0, $"The token command failed ({exitCode}): {error}");
        return output.ToString().Trim();
    }

    private static async Task<HttpResponseMessage> GetAsync(LocalRunGatewayFixture local, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, JwtRoute);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await local.Client.SendAsync(request);
    }
}
