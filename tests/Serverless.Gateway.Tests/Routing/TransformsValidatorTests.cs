using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Policies;
using Serverless.Gateway.Routing;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Routing;

/// <summary>Transforms and query conditions are checked when configuration loads, one line per problem naming the full key.</summary>
public sealed class TransformsValidatorTests
{
    private const string Route = "Gateway:Routes:api";

    /// <summary>Binds and validates a route to a defined backend with <paramref name="settings"/> under it, as start-up and reload do.</summary>
    private static List<string> Errors(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            [$"{Route}:Path"] = "/api/{**rest}",
            [$"{Route}:Backend"] = "b",
            ["Gateway:Backends:b:Destinations:d"] = "http://127.0.0.1:5000",
        };
        foreach (var (key, value) in settings)
        {
            values[$"{Route}:{key}"] = value;
        }

        var errors = new List<string>();
        var options = GatewayOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Gateway"), errors);
        errors.AddRange(GatewayOptionsValidator.Validate(options));
        return errors;
    }

    [Fact]
    public void Every_kind_of_transform_and_query_condition_together_is_valid()
    {
        Assert.Empty(Errors(
            ("QueryParameters:0:Name", "version"), ("QueryParameters:0:Values:0", "2"),
            ("QueryParameters:1:Name", "debug"), ("QueryParameters:1:Mode", "Exists"),
            ("QueryParameters:2:Name", "region"), ("QueryParameters:2:Mode", "prefix"), ("QueryParameters:2:Values:0", "eu-"),
            ("Transforms:RequestHeaders:Set:X-Env", "prod"),
            ("Transforms:RequestHeaders:Append:Accept-Language", "en"),
            ("Transforms:RequestHeaders:Remove:0", "Cookie"),
            ("Transforms:RequestHeaders:Set:Authorization", "Basic dXNlcjpwYXNz"),
            ("Transforms:Query:Set:api-version", "2024-01-01"),
            ("Transforms:Query:Append:flag", ""),
            ("Transforms:Query:Remove:0", "debug"),
            ("Transforms:ResponseHeaders:Set:Cache-Control", "no-store"),
            ("Transforms:ResponseHeaders:Remove:0", "Server"),
            ("Transforms:ClaimHeaders:X-Tenant-Id", "tenant"),
            ("Transforms:ClaimHeaders:X-User", "Subject"),
            ("Transforms:ClaimHeaders:X-Plan", "plan"),
            ("Transforms:ClaimHeaders:X-Scopes", "scopes"),
            ("Transforms:ClaimHeaders:X-Region", "jwt:region")));
    }

    [Theory]
    [InlineData("Transforms:RequestHeader:Set:X-A", "Gateway:Routes:api:Transforms:RequestHeader: unknown key 'RequestHeader' (did you mean 'RequestHeaders'?)")]
    [InlineData("Transforms:ResponseHeaders:Sett:X-A", "Gateway:Routes:api:Transforms:ResponseHeaders:Sett: unknown key 'Sett' (did you mean 'Set'?)")]
    [InlineData("Transforms:Querry:Set:a", "Gateway:Routes:api:Transforms:Querry: unknown key 'Querry' (did you mean 'Query'?)")]
    [InlineData("QueryParameter:0:Name", "Gateway:Routes:api:QueryParameter: unknown key 'QueryParameter' (did you mean 'QueryParameters'?)")]
    [InlineData("QueryParameters:0:Value:0", "Gateway:Routes:api:QueryParameters:0:Value: unknown key 'Value' (did you mean 'Values'?)")]
    public void A_misspelt_transform_key_is_an_error_that_suggests_the_known_key(string key, string expected)
    {
        Assert.Contains(expected, Errors((key, "x")));
    }

    [Theory]
    [InlineData("Transforms:RequestHeaders:Set:X Bad", "v", "Gateway:Routes:api:Transforms:RequestHeaders:Set:X Bad: 'X Bad' is not a header name")]
    [InlineData("Transforms:ResponseHeaders:Append:X(A)", "v", "Gateway:Routes:api:Transforms:ResponseHeaders:Append:X(A): 'X(A)' is not a header name")]
    [InlineData("Transforms:RequestHeaders:Remove:0", "Bad:Name", "Gateway:Routes:api:Transforms:RequestHeaders:Remove:0: 'Bad:Name' is not a header name")]
    [InlineData("Transforms:ClaimHeaders:X Tenant", "tenant", "Gateway:Routes:api:Transforms:ClaimHeaders:X Tenant: 'X Tenant' is not a header name")]
    public void A_header_name_that_is_not_an_http_token_is_rejected(string key, string value, string expected)
    {
        Assert.Contains(Errors((key, value)), error => error.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Transforms:RequestHeaders:Set:X-A", "a\r\nX-Injected: yes", "control character")]
    [InlineData("Transforms:RequestHeaders:Append:X-A", "a\nb", "control character")]
    [InlineData("Transforms:ResponseHeaders:Set:X-A", "a\u0000b", "control character")]
    [InlineData("Transforms:Query:Set:a", "1\r\n2", "control character")]
    [InlineData("Transforms:RequestHeaders:Set:X-A", " padded", "white space")]
    [InlineData("Transforms:RequestHeaders:Set:X-A", "", "has no value; to drop the header, list it under Remove")]
    [InlineData("Transforms:ResponseHeaders:Set:X-A", "Zürich", "non-ASCII")]
    public void A_value_a_header_or_query_cannot_carry_is_rejected_without_quoting_it(string key, string value, string reason)
    {
        var error = Assert.Single(Errors((key, value)));

        Assert.StartsWith($"{Route}:{key}: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (value.Trim().Length > 0)
        {
            Assert.DoesNotContain(value.Trim(), error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Non_ascii_request_header_and_query_values_are_accepted_since_the_gateway_sends_utf8()
    {
        Assert.Empty(Errors(("Transforms:RequestHeaders:Set:X-City", "Zürich"), ("Transforms:Query:Set:city", "Zürich")));
    }

    public static TheoryData<string> ReservedRequestHeaders() => new(IdentityHeaders.Reserved.Concat(["X_Gateway_Tenant", "x-gateway-anything", "X_Api_Key"]));

    [Theory]
    [MemberData(nameof(ReservedRequestHeaders))]
    public void No_request_transform_may_set_append_or_remove_a_header_the_gateway_owns_for_the_backend(string header)
    {
        var errors = Errors(
            ($"Transforms:RequestHeaders:Set:{header}", "evil-corp"),
            ($"Transforms:RequestHeaders:Remove:0", header),
            ($"Transforms:ClaimHeaders:{header}", "tenant"));

        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:RequestHeaders:Set:{header}: '{header}' is the gateway's", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:RequestHeaders:Remove:0: '{header}' is the gateway's", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ClaimHeaders:{header}: '{header}' is the gateway's", StringComparison.Ordinal));
    }

    [Fact]
    public void The_gateway_owned_headers_include_the_assertion_and_the_api_key()
    {
        Assert.Contains(GatewayAssertion.HeaderName, IdentityHeaders.Reserved);
        Assert.Contains(IdentityHeaders.ApiKey, IdentityHeaders.Reserved);
        Assert.All(IdentityHeaders.Reserved, header => Assert.NotEmpty(Errors(($"Transforms:RequestHeaders:Append:{header}", "x"))));
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("Connection")]
    [InlineData("Transfer-Encoding")]
    [InlineData("upgrade")]
    [InlineData("Keep-Alive")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Proxy-Connection")]
    [InlineData("Content-Length")]
    public void No_transform_may_touch_a_header_of_the_connection(string header)
    {
        var errors = Errors(
            ($"Transforms:RequestHeaders:Set:{header}", "x"),
            ($"Transforms:ResponseHeaders:Remove:0", header));

        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:RequestHeaders:Set:{header}: '{header}' belongs to the connection", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ResponseHeaders:Remove:0: '{header}' belongs to the connection", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("x-forwarded-proto")]
    [InlineData("Forwarded")]
    public void A_request_transform_of_a_forwarding_header_the_gateway_overwrites_is_rejected(string header)
    {
        var error = Assert.Single(Errors(($"Transforms:RequestHeaders:Set:{header}", "203.0.113.7")));

        Assert.StartsWith($"{Route}:Transforms:RequestHeaders:Set:{header}: '{header}' is set by the gateway from the client's connection", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RateLimitHeaders.Current)]
    [InlineData(RateLimitHeaders.Policy)]
    [InlineData("Retry-After")]
    public void A_response_transform_may_not_rewrite_or_remove_the_rate_limit_headers(string header)
    {
        var errors = Errors(($"Transforms:ResponseHeaders:Set:{header}", "0"), ($"Transforms:ResponseHeaders:Remove:0", header));

        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ResponseHeaders:Set:{header}: '{header}' is written by the gateway (rate limits", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ResponseHeaders:Remove:0: '{header}' is written by the gateway (rate limits", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Access-Control-Allow-Origin")]
    [InlineData("access-control-expose-headers")]
    public void A_response_transform_may_not_set_or_remove_cors_headers_which_the_routes_cors_settings_decide(string header)
    {
        var errors = Errors(($"Transforms:ResponseHeaders:Set:{header}", "*"), ($"Transforms:ResponseHeaders:Remove:0", header));

        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ResponseHeaders:Set:{header}: '{header}' is a CORS header", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.StartsWith($"{Route}:Transforms:ResponseHeaders:Remove:0: '{header}' is a CORS header", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tenantid")]
    [InlineData("jwt:")]
    [InlineData("jwt:has space")]
    [InlineData("claims:region")]
    [InlineData("")]
    public void An_unknown_caller_claim_is_rejected_with_the_forms_that_would_do(string claim)
    {
        var error = Assert.Single(Errors(("Transforms:ClaimHeaders:X-Tenant-Id", claim)));

        Assert.Equal($"{Route}:Transforms:ClaimHeaders:X-Tenant-Id: '{claim}' is not a caller claim; use tenant, subject, plan, scopes or jwt:<claim name>.", error);
    }

    [Fact]
    public void A_claim_header_that_names_a_body_header_is_rejected()
    {
        var error = Assert.Single(Errors(("Transforms:ClaimHeaders:Content-Type", "tenant")));

        Assert.StartsWith($"{Route}:Transforms:ClaimHeaders:Content-Type: 'Content-Type' describes the request body", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_in_more_than_one_of_set_append_and_remove_is_rejected()
    {
        var errors = Errors(
            ("Transforms:RequestHeaders:Set:X-A", "1"), ("Transforms:RequestHeaders:Remove:0", "x-a"),
            ("Transforms:Query:Set:q", "1"), ("Transforms:Query:Append:Q", "2"),
            ("Transforms:ResponseHeaders:Remove:0", "Server"), ("Transforms:ResponseHeaders:Remove:1", "server"));

        Assert.Equal(
        [
            $"{Route}:Transforms:RequestHeaders:Remove:0: 'x-a' is also under Set; name it in only one of Set, Append and Remove.",
            $"{Route}:Transforms:Query:Append:Q: 'Q' is also under Set; name it in only one of Set, Append and Remove.",
            $"{Route}:Transforms:ResponseHeaders:Remove:1: 'server' is listed twice.",
        ], errors);
    }

    [Fact]
    public void A_claim_header_that_a_request_transform_also_writes_is_rejected()
    {
        var error = Assert.Single(Errors(("Transforms:ClaimHeaders:X-Tenant-Id", "tenant"), ("Transforms:RequestHeaders:Set:X-Tenant-Id", "fixed")));

        Assert.Equal($"{Route}:Transforms:ClaimHeaders:X-Tenant-Id: 'X-Tenant-Id' is also transformed under RequestHeaders; a claim header is set only from the caller's identity.", error);
    }

    [Theory]
    [InlineData("Transforms:Query:Remove:0", "")]
    [InlineData("Transforms:Query:Remove:0", "  ")]
    public void An_empty_query_parameter_name_is_rejected(string key, string name)
    {
        var error = Assert.Single(Errors((key, name)));

        Assert.Equal($"{Route}:{key}: a query parameter name must not be empty or hold control characters.", error);
    }

    [Theory]
    [InlineData("Mode", "Regex", null, "Gateway:Routes:api:QueryParameters:0:Mode: 'Regex' is not one of Exact, Exists, Prefix, Contains, NotContains.")]
    [InlineData("Mode", "Exact", null, "Gateway:Routes:api:QueryParameters:0:Values: at least one value is required for mode Exact.")]
    [InlineData("Mode", "Exists", "1", "Gateway:Routes:api:QueryParameters:0:Values: mode Exists matches any value; remove the values, or use mode Exact.")]
    [InlineData("Mode", "Prefix", "", "Gateway:Routes:api:QueryParameters:0:Values:0: must not be empty; use mode Exists to match the parameter with any value.")]
    public void A_bad_query_condition_is_reported_with_its_key(string setting, string mode, string? value, string expected)
    {
        var settings = new List<(string, string?)> { ("QueryParameters:0:Name", "version"), ($"QueryParameters:0:{setting}", mode) };
        if (value is not null)
        {
            settings.Add(("QueryParameters:0:Values:0", value));
        }

        Assert.Equal([expected], Errors([.. settings]));
    }

    [Fact]
    public void A_query_condition_without_a_name_is_rejected()
    {
        Assert.Contains($"{Route}:QueryParameters:0:Name: is required.", Errors(("QueryParameters:0:Mode", "Exists")));
    }
}
