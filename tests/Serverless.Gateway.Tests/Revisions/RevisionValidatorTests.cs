using Serverless.Gateway.Revisions;

namespace Serverless.Gateway.Tests.Revisions;

public sealed class RevisionValidatorTests
{
    private static readonly Dictionary<string, string?> Bootstrap = new()
    {
        ["Gateway:Routes:health:Path"] = "/health",
        ["Gateway:Routes:health:Backend"] = "a",
        ["Gateway:Backends:a:Destinations:d"] = "http://127.0.0.1:5001",
        ["Auth:Policies:keys:Require"] = "ApiKey",
        ["RateLimiting:Policies:tight:Limit"] = "10",
    };

    private static List<string> Validate(string json) =>
        RevisionValidator.Validate(RevisionValidator.Effective(Bootstrap, RevisionDocument.Parse(json, "doc.json")));

    [Fact]
    public void A_document_that_uses_the_bootstraps_backends_and_policies_is_valid() =>
        Assert.Empty(Validate("""{ "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "a", "AuthPolicy": "keys", "RateLimitPolicy": "tight" } } } }"""));

    [Fact]
    public void A_route_to_a_backend_that_is_not_defined_is_refused()
    {
        var errors = Validate("""{ "Gateway": { "Routes": { "shop": { "Path": "/shop", "Backend": "b" } } } }""");

        Assert.Contains(errors, error => error.StartsWith("Gateway:Routes:shop:Backend: backend 'b' is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void Replacing_the_backends_without_one_a_bootstrap_route_uses_is_refused()
    {
        var errors = Validate("""{ "Gateway": { "Backends": { "b": { "Destinations": { "d": "http://127.0.0.1:5002" } } } } }""");

        Assert.Contains(errors, error => error.StartsWith("Gateway:Routes:health:Backend: backend 'a' is not defined", StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_to_a_rate_limit_policy_the_revision_removes_is_refused()
    {
        var errors = Validate("""{ "Gateway": { "Routes": { "shop": { "Path": "/shop", "Backend": "a", "RateLimitPolicy": "tight" } } }, "RateLimiting": { "Policies": {} } }""");

        Assert.Contains(errors, error => error.StartsWith("Gateway:Routes:shop:RateLimitPolicy:", StringComparison.Ordinal) && error.Contains("'tight'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_route_to_an_auth_policy_that_is_not_defined_is_refused()
    {
        var errors = Validate("""{ "Gateway": { "Routes": { "shop": { "Path": "/shop", "Backend": "a", "AuthPolicy": "jwt-only" } } } }""");

        Assert.Contains(errors, error => error.StartsWith("Gateway:Routes:shop:AuthPolicy:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "RateLimiting": { "Policies": { "tight": { "Limit": 0 } } } }""", "RateLimiting:Policies:tight:Limit: is required and must be at least 1.")]
    [InlineData("""{ "RateLimiting": { "Policies": { "tight": { "Limit": 5, "Windw": "00:00:01" } } } }""", "RateLimiting:Policies:tight:Windw: unknown key 'Windw' (did you mean 'Window'?)")]
    [InlineData("""{ "RateLimiting": { "Policies": { "tight": { "Limit": 5 } }, "Plans": { "gold": { "RateLimitPolicy": "golden" } } } }""", "RateLimiting:Plans:gold:RateLimitPolicy: policy 'golden' is not defined (defined: tight).")]
    [InlineData("""{ "Auth": { "Policies": { "keys": { "Require": "Password" } } } }""", "Auth:Policies:keys:Require: 'Password' is not one of Anonymous, ApiKey, Jwt, ApiKeyOrJwt")]
    public void Policies_and_plans_get_the_validation_they_get_at_start_up(string json, string expected) =>
        Assert.Contains(expected, Validate(json));

    [Fact]
    public void A_misspelt_route_setting_is_refused_with_its_path()
    {
        var errors = Validate("""{ "Gateway": { "Routes": { "shop": { "Pathh": "/shop", "Backend": "a" } } } }""");

        Assert.Contains("Gateway:Routes:shop:Pathh: unknown key 'Pathh' (did you mean 'Path'?)", errors);
    }

    [Fact]
    public void The_order_queries_policy_must_survive_a_revision_of_the_policies()
    {
        var bootstrap = new Dictionary<string, string?>(Bootstrap) { ["Orders:Enabled"] = "true", ["Orders:RateLimitPolicy"] = "tight" };

        var errors = RevisionValidator.Validate(RevisionValidator.Effective(bootstrap, RevisionDocument.Parse("""{ "RateLimiting": { "Policies": { "other": { "Limit": 1 } } } }""", "doc.json")));

        Assert.Contains(errors, error => error.StartsWith("Orders:RateLimitPolicy names 'tight'", StringComparison.Ordinal));
    }
}
