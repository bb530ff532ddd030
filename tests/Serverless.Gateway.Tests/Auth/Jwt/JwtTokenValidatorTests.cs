using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth;
using Serverless.Gateway.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Auth.Jwt;

public sealed class JwtTokenValidatorTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestIdentityProvider _idp = null!;

    public async Task InitializeAsync() => _idp = await TestIdentityProvider.StartAsync(_clock);

    public async Task DisposeAsync() => await _idp.DisposeAsync();

    [Fact]
    public async Task A_valid_token_yields_the_callers_tenant_subject_plan_and_scopes()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("scp", "orders:read orders:write"), ("plan", "gold"))), default);

        Assert.True(result.Succeeded, result.Description);
        Assert.Equal(new CallerIdentity(CallerIdentity.BearerScheme, TestIdentityProvider.TenantId, TestIdentityProvider.Subject, "gold", []), result.Identity with { Scopes = [], TokenClaims = null });
        Assert.Equal(["orders:read", "orders:write"], result.Identity.Scopes);
        Assert.Equal("gold", result.Identity.TokenClaims!["plan"]);
        Assert.Equal(TestIdentityProvider.Audience, result.Identity.TokenClaims["aud"]);
        Assert.Null(result.Error);
        Assert.Equal(JwtFailure.None, result.Failure);
    }

    [Fact]
    public async Task Scopes_from_strings_and_arrays_are_merged_in_claim_order_without_duplicates()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(
            ("scp", "orders:read  orders:write"), ("scope", new[] { "orders:write", "billing:read" }), ("roles", new[] { "Admin" }))), default);

        Assert.Equal(["orders:read", "orders:write", "billing:read", "Admin"], result.Identity!.Scopes);
    }

    [Fact]
    public async Task A_token_without_a_plan_gets_the_default_plan_and_one_without_scopes_gets_none()
    {
        using var validator = CreateValidator(options => options.DefaultPlan = "free");

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("scp", null))), default);

        Assert.Equal("free", result.Identity!.Plan);
        Assert.Empty(result.Identity.Scopes);
    }

    [Fact]
    public async Task The_object_id_stands_in_for_a_missing_subject()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", null), ("oid", "object-7"))), default);

        Assert.Equal("object-7", result.Identity!.Subject);
    }

    [Fact]
    public async Task An_Entra_shaped_access_token_is_mapped_with_nothing_but_authority_and_audience_configured()
    {
        using var validator = CreateValidator();
        var token = _idp.CreateToken(Claims(
            ("aud", TestIdentityProvider.Audience), ("ver", "2.0"), ("azp", "client-app"), ("oid", "object-1"), ("tid", "72f988bf-86f1-41af-91ab-2d7cd011db47"),
            ("scp", "Orders.Read Orders.Write"), ("roles", new[] { "Orders.Admin" })));

        var result = await validator.ValidateAsync(token, default);

        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", result.Identity!.Tenant);
        Assert.Equal(["Orders.Read", "Orders.Write", "Orders.Admin"], result.Identity.Scopes);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS384")]
    [InlineData("ES256")]
    public async Task Tokens_signed_with_any_allowed_asymmetric_algorithm_are_accepted(string algorithm)
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(algorithm: algorithm), default);

        Assert.True(result.Succeeded, result.Description);
    }

    [Fact]
    public async Task A_token_whose_payload_was_altered_fails_the_signature_check()
    {
        using var validator = CreateValidator();
        var parts = _idp.CreateToken().Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["scp"] = "orders:read orders:admin";
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var result = await validator.ValidateAsync(tampered, default);

        AssertFailure(result, JwtFailure.InvalidSignature, "signature");
    }

    [Fact]
    public async Task A_token_without_a_kid_is_checked_against_every_published_key()
    {
        using var validator = CreateValidator();

        var good = await validator.ValidateAsync(_idp.CreateToken(keyId: ""), default);
        var forged = await validator.ValidateAsync(Resign(_idp.CreateToken(keyId: "")), default);

        Assert.True(good.Succeeded, good.Description);
        AssertFailure(forged, JwtFailure.InvalidSignature, "signature");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_rejected()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("iss", "https://login.example.net/evil/v2.0"))), default);

        AssertFailure(result, JwtFailure.InvalidIssuer, "issuer 'https://login.example.net/evil/v2.0'");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_rejected()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("aud", "api://someone-else"))), default);

        AssertFailure(result, JwtFailure.InvalidAudience, "audience 'api://someone-else'");
    }

    [Fact]
    public async Task An_expired_token_is_accepted_within_the_clock_skew_and_rejected_after_it()
    {
        using var validator = CreateValidator(options => options.ClockSkew = TimeSpan.FromMinutes(1));
        var now = _clock.GetUtcNow();

        var withinSkew = await validator.ValidateAsync(_idp.CreateToken(Claims(("nbf", now.AddHours(-1)), ("exp", now.AddSeconds(-50)))), default);
        var expired = await validator.ValidateAsync(_idp.CreateToken(Claims(("nbf", now.AddHours(-1)), ("exp", now.AddSeconds(-70)))), default);

        Assert.True(withinSkew.Succeeded, withinSkew.Description);
        AssertFailure(expired, JwtFailure.Expired, "expired at 2030-01-01T08:58:50Z");
    }

    [Fact]
    public async Task A_token_that_is_not_yet_valid_is_rejected_until_the_clock_reaches_it()
    {
        using var validator = CreateValidator();
        var token = _idp.CreateToken(Claims(("nbf", _clock.GetUtcNow().AddMinutes(5))));

        var early = await validator.ValidateAsync(token, default);
        _clock.Advance(TimeSpan.FromMinutes(4.5));
        var inTime = await validator.ValidateAsync(token, default);

        AssertFailure(early, JwtFailure.NotYetValid, "not valid before 2030-01-01T09:05:00Z");
        Assert.True(inTime.Succeeded, inTime.Description);
    }

    [Fact]
    public async Task A_token_without_an_expiry_is_rejected()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(Claims(("exp", null))), default);

        AssertFailure(result, JwtFailure.Malformed, "no expiry");
    }

    [Fact]
    public async Task An_unsigned_token_is_rejected_before_any_key_is_looked_at()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateUnsignedToken(), default);

        AssertFailure(result, JwtFailure.AlgorithmNotAllowed, "not signed");
        Assert.Equal(0, validator.TokensChecked);
        Assert.Equal(0, _idp.JwksFetches);
    }

    [Fact]
    public async Task An_HMAC_token_keyed_with_the_published_public_key_is_rejected()
    {
        using var validator = CreateValidator();
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Encoding.ASCII.GetString(_idp.RsaPublicKeyPem));
        byte[][] secrets = [_idp.RsaPublicKeyPem, rsa.ExportSubjectPublicKeyInfo(), rsa.ExportRSAPublicKey(), Encoding.UTF8.GetBytes(_idp.RsaPublicJwk)];

        foreach (var secret in secrets)
        {
            foreach (var algorithm in new[] { "HS256", "HS384", "HS512" })
            {
                var result = await validator.ValidateAsync(_idp.CreateHmacToken(secret, algorithm: algorithm), default);

                AssertFailure(result, JwtFailure.AlgorithmNotAllowed, $"'{algorithm}' is not allowed");
            }
        }

        Assert.Equal(0, validator.TokensChecked);
    }

    [Fact]
    public async Task An_asymmetric_algorithm_left_out_of_the_configured_list_is_rejected()
    {
        using var validator = CreateValidator(options => options.ValidAlgorithms = ["ES256"]);

        var rsa = await validator.ValidateAsync(_idp.CreateToken(algorithm: "RS256"), default);
        var ec = await validator.ValidateAsync(_idp.CreateToken(algorithm: "ES256"), default);

        AssertFailure(rsa, JwtFailure.AlgorithmNotAllowed, "'RS256' is not allowed; accepted: ES256");
        Assert.True(ec.Succeeded, ec.Description);
    }

    [Fact]
    public async Task A_token_signed_with_the_wrong_key_type_for_its_algorithm_is_rejected()
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(_idp.CreateToken(algorithm: "RS256", keyId: TestIdentityProvider.EcKeyId), default);

        Assert.False(result.Succeeded);
        Assert.Equal(JwtValidationResult.InvalidTokenError, result.Error);
    }

    [Fact]
    public async Task A_token_without_a_tenant_or_subject_is_rejected()
    {
        using var validator = CreateValidator();

        var noTenant = await validator.ValidateAsync(_idp.CreateToken(Claims(("tid", null))), default);
        var noSubject = await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", null))), default);

        AssertFailure(noTenant, JwtFailure.MissingClaim, "no tenant claim 'tid'");
        AssertFailure(noSubject, JwtFailure.MissingClaim, "no subject claim 'sub' or 'oid'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30")]
    [InlineData("e30.a.b.c.d")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.!!!.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.W10.sig")]
    [InlineData("W10.e30.sig")]
    [InlineData("bnVsbA.e30.sig")]
    [InlineData("eyJhbGciOjF9.e30.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImV4cCI6InNvb24ifQ.eyJleHAiOiJzb29uIn0.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjFlOTk5fQ.sig")]
    [InlineData("....")]
    [InlineData("\u00e9.e30.sig")]
    public async Task Anything_but_a_compact_JWS_is_rejected_as_malformed(string token)
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(token, default);

        AssertFailure(result, JwtFailure.Malformed, "not a well-formed JWT");
    }

    [Theory]
    [InlineData("e30.e30.e30.e30.e30")]
    [InlineData("e30.AAAA.AAAA.AAAA.%%%")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.%%%")]
    [InlineData("e30..")]
    [InlineData("eyJhbGciOiJSUzI1NiIsImtpZCI6W119.e30.sig")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOnt9LCJzdWIiOltdLCJzY3AiOjF9.sig")]
    public async Task Hostile_token_shapes_are_refused_with_a_description_instead_of_an_exception(string token)
    {
        using var validator = CreateValidator();

        var result = await validator.ValidateAsync(token, default);

        Assert.False(result.Succeeded);
        Assert.NotEqual(JwtFailure.None, result.Failure);
        Assert.StartsWith("The ", result.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("b64")]
    [InlineData("exp")]
    [InlineData("https://example.com/unknown")]
    public async Task A_token_with_critical_header_parameters_is_rejected_because_the_gateway_understands_none(string critical)
    {
        using var validator = CreateValidator();
        var token = _idp.CreateToken(headers: new Dictionary<string, object?> { ["crit"] = new[] { critical }, [critical] = false });

        var result = await validator.ValidateAsync(token, default);

        AssertFailure(result, JwtFailure.Malformed, "critical header parameters");
    }

    [Fact]
    public async Task An_encrypted_token_is_rejected()
    {
        using var validator = CreateValidator();
        var header = Base64Url.EncodeToString("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"rsa-1"}"""u8);

        var result = await validator.ValidateAsync($"{header}.AAAA.AAAA.AAAA.AAAA", default);

        AssertFailure(result, JwtFailure.Malformed, "encrypted");
    }

    [Fact]
    public async Task Descriptions_never_contain_the_token_and_fit_in_a_WWW_Authenticate_header()
    {
        using var validator = CreateValidator();
        string[] tokens =
        [
            _idp.CreateToken(Claims(("iss", "https://evil.example/\"\\\r\n" + new string('x', 500)))),
            _idp.CreateToken(Claims(("aud", "\u00e9vil"))),
            _idp.CreateToken(keyId: "\"unknown\\\r\n"),
            _idp.CreateHmacToken(_idp.RsaPublicKeyPem, algorithm: "HS256"),
            _idp.CreateToken(Claims(("nbf", _clock.GetUtcNow().AddHours(-2)), ("exp", _clock.GetUtcNow().AddHours(-1)))),
            Resign(_idp.CreateToken()),
            "garbage",
        ];

        foreach (var token in tokens)
        {
            var result = await validator.ValidateAsync(token, default);

            Assert.False(result.Succeeded);
            Assert.DoesNotContain(token, result.Description, StringComparison.Ordinal);
            Assert.DoesNotContain(token.Split('.')[^1], result.Description, StringComparison.Ordinal);
            Assert.All(result.Description, c => Assert.True(c is >= ' ' and <= '~' and not '"' and not '\\', $"'{c}' in: {result.Description}"));
        }
    }

    [Fact]
    public async Task Validation_refuses_every_token_when_disabled()
    {
        using var validator = new JwtTokenValidator(Options.Create(new JwtOptions()), _clock, NullLogger<JwtTokenValidator>.Instance);

        var result = await validator.ValidateAsync(_idp.CreateToken(), default);

        AssertFailure(result, JwtFailure.Disabled, "not enabled");
        Assert.Equal(0, _idp.DiscoveryFetches);
    }

    [Fact]
    public void A_validator_built_outside_dependency_injection_still_refuses_invalid_options()
    {
        var options = _idp.CreateOptions();
        options.ValidAlgorithms = ["HS256"];

        var error = Assert.Throws<OptionsValidationException>(() => new JwtTokenValidator(Options.Create(options), _clock, NullLogger<JwtTokenValidator>.Instance));

        Assert.Contains(error.Failures, f => f.StartsWith("Auth:Jwt:ValidAlgorithms:0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_are_fetched_once_and_reused()
    {
        using var validator = CreateValidator();

        for (var i = 0; i < 5; i++)
        {
            Assert.True((await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", $"user-{i}")), algorithm: i % 2 == 0 ? "RS256" : "ES256"), default)).Succeeded);
        }

        Assert.Equal(1, _idp.DiscoveryFetches);
        Assert.Equal(1, _idp.JwksFetches);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_at_the_first_unknown_kid_once_the_refresh_throttle_allows()
    {
        using var validator = CreateValidator();
        Assert.True((await validator.ValidateAsync(_idp.CreateToken(), default)).Succeeded);

        _idp.RotateKeys();
        var tooSoon = await validator.ValidateAsync(_idp.CreateToken(), default);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var afterThrottle = await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", "user-2"))), default);

        AssertFailure(tooSoon, JwtFailure.UnknownSigningKey, "key 'rsa-2'");
        Assert.True(afterThrottle.Succeeded, afterThrottle.Description);
        Assert.Equal(2, _idp.JwksFetches);
    }

    [Fact]
    public async Task A_burst_of_unknown_kids_fetches_the_keys_once_per_throttle_interval()
    {
        using var validator = CreateValidator();
        Assert.True((await validator.ValidateAsync(_idp.CreateToken(), default)).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(31));

        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => validator.ValidateAsync(_idp.CreateToken(keyId: $"attacker-{i}"), default).AsTask()));
        var fetchesAfterBurst = _idp.JwksFetches;
        for (var i = 0; i < 20; i++)
        {
            await validator.ValidateAsync(_idp.CreateToken(keyId: $"later-{i}"), default);
        }

        var fetchesWithinInterval = _idp.JwksFetches;
        _clock.Advance(TimeSpan.FromSeconds(31));
        await validator.ValidateAsync(_idp.CreateToken(keyId: "next-interval"), default);

        Assert.All(burst, result => Assert.Equal(JwtFailure.UnknownSigningKey, result.Failure));
        Assert.Equal(2, fetchesAfterBurst);
        Assert.Equal(2, fetchesWithinInterval);
        Assert.Equal(3, _idp.JwksFetches);
    }

    [Fact]
    public async Task Keys_older_than_the_refresh_interval_keep_serving_while_they_are_refreshed_in_the_background()
    {
        using var validator = CreateValidator();
        Assert.True((await validator.ValidateAsync(_idp.CreateToken(), default)).Succeeded);

        _clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        var stale = await validator.ValidateAsync(_idp.CreateToken(), default);

        Assert.True(stale.Succeeded, stale.Description);
        await Eventually.TrueAsync(() => _idp.JwksFetches == 2, because: "the stale keys were not refreshed");
    }

    [Fact]
    public async Task An_unreachable_identity_provider_makes_validation_temporarily_unavailable_until_it_recovers()
    {
        using var validator = CreateValidator();
        _idp.Unavailable = true;

        var down = await validator.ValidateAsync(_idp.CreateToken(), default);
        var fetchesWhileDown = _idp.DiscoveryFetches;
        var throttled = await validator.ValidateAsync(_idp.CreateToken(), default);
        var fetchesWhenThrottled = _idp.DiscoveryFetches;
        _idp.Unavailable = false;
        _clock.Advance(TimeSpan.FromSeconds(31));
        var recovered = await validator.ValidateAsync(_idp.CreateToken(), default);

        AssertFailure(down, JwtFailure.KeysUnavailable, "could not be retrieved");
        Assert.Equal(JwtValidationResult.TemporarilyUnavailableError, down.Error);
        Assert.Equal(JwtFailure.KeysUnavailable, throttled.Failure);
        Assert.True(recovered.Succeeded, recovered.Description);
        Assert.Equal(fetchesWhileDown, fetchesWhenThrottled);
    }

    [Fact]
    public async Task Known_keys_keep_serving_when_the_identity_provider_goes_down()
    {
        using var validator = CreateValidator();
        Assert.True((await validator.ValidateAsync(_idp.CreateToken(), default)).Succeeded);
        _idp.Unavailable = true;
        _clock.Advance(TimeSpan.FromHours(13));

        var first = await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", "user-2"))), default);
        await Eventually.TrueAsync(() => _idp.DiscoveryFetches > 1, because: "no refresh was attempted");
        var second = await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", "user-3"))), default);

        Assert.True(first.Succeeded, first.Description);
        Assert.True(second.Succeeded, second.Description);
    }

    [Fact]
    public async Task Configured_signing_keys_are_trusted_without_any_discovery()
    {
        using var validator = CreateValidator(options =>
        {
            options.Authority = null;
            options.SigningKeys = [_idp.RsaPublicJwk, _idp.EcPublicJwk];
            options.ValidIssuers = [_idp.Issuer];
        });

        var rsa = await validator.ValidateAsync(_idp.CreateToken(algorithm: "RS256"), default);
        var ec = await validator.ValidateAsync(_idp.CreateToken(algorithm: "ES256"), default);
        var unknown = await validator.ValidateAsync(_idp.CreateToken(keyId: "other"), default);

        Assert.True(rsa.Succeeded, rsa.Description);
        Assert.True(ec.Succeeded, ec.Description);
        Assert.Equal(JwtFailure.UnknownSigningKey, unknown.Failure);
        Assert.Equal(0, _idp.DiscoveryFetches + _idp.JwksFetches);
    }

    [Fact]
    public async Task A_repeated_token_is_answered_from_the_cache_without_another_signature_check()
    {
        using var validator = CreateValidator();
        var token = _idp.CreateToken();

        var first = await validator.ValidateAsync(token, default);
        var second = await validator.ValidateAsync(token, default);
        await validator.ValidateAsync(_idp.CreateToken(Claims(("sub", "user-2"))), default);

        Assert.Same(first.Identity, second.Identity);
        Assert.Equal(2, validator.TokensChecked);
    }

    [Fact]
    public async Task The_cache_can_be_turned_off()
    {
        using var validator = CreateValidator(options => options.ValidationCacheSize = 0);
        var token = _idp.CreateToken();

        await validator.ValidateAsync(token, default);
        await validator.ValidateAsync(token, default);

        Assert.Equal(2, validator.TokensChecked);
    }

    [Fact]
    public async Task A_cached_token_is_refused_once_it_expires()
    {
        using var validator = CreateValidator(options => options.ClockSkew = TimeSpan.Zero);
        var token = _idp.CreateToken(Claims(("exp", _clock.GetUtcNow().AddMinutes(2))));
        Assert.True((await validator.ValidateAsync(token, default)).Succeeded);

        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var result = await validator.ValidateAsync(token, default);

        Assert.Equal(JwtFailure.Expired, result.Failure);
    }

    [Fact]
    public async Task A_cached_token_is_checked_again_after_five_minutes()
    {
        using var validator = CreateValidator();
        var token = _idp.CreateToken();
        await validator.ValidateAsync(token, default);

        _clock.Advance(TimeSpan.FromMinutes(4));
        await validator.ValidateAsync(token, default);
        var checksWithinFiveMinutes = validator.TokensChecked;
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var result = await validator.ValidateAsync(token, default);

        Assert.Equal(1, checksWithinFiveMinutes);
        Assert.True(result.Succeeded, result.Description);
        Assert.Equal(2, validator.TokensChecked);
    }

    [Fact]
    public async Task A_full_cache_evicts_old_tokens_and_keeps_working()
    {
        using var validator = CreateValidator(options => options.ValidationCacheSize = 4);
        var tokens = Enumerable.Range(0, 10).Select(i => _idp.CreateToken(Claims(("sub", $"user-{i}")))).ToList();

        foreach (var token in tokens)
        {
            Assert.True((await validator.ValidateAsync(token, default)).Succeeded);
        }

        var latest = await validator.ValidateAsync(tokens[^1], default);
        var oldest = await validator.ValidateAsync(tokens[0], default);

        Assert.Equal(tokens.Count + 1, validator.TokensChecked);
        Assert.Equal("user-9", latest.Identity!.Subject);
        Assert.Equal("user-0", oldest.Identity!.Subject);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_for_the_keys()
    {
        using var validator = CreateValidator();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => validator.ValidateAsync(_idp.CreateToken(), new CancellationToken(canceled: true)).AsTask());
    }

    private JwtTokenValidator CreateValidator(Action<JwtOptions>? configure = null)
    {
        var options = _idp.CreateOptions();
        configure?.Invoke(options);
        return new JwtTokenValidator(Options.Create(options), _clock, NullLogger<JwtTokenValidator>.Instance);
    }

    private static Dictionary<string, object?> Claims(params (string Name, object? Value)[] claims) =>
        claims.ToDictionary(c => c.Name, c => c.Value);

    /// <summary>The same header and payload signed by a key the identity provider never published.</summary>
    private static string Resign(string token)
    {
        using var stranger = RSA.Create(2048);
        var signingInput = token[..token.LastIndexOf('.')];
        var signature = stranger.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }

    private static void AssertFailure(JwtValidationResult result, JwtFailure failure, string descriptionPart)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
        Assert.Contains(descriptionPart, result.Description, StringComparison.Ordinal);
        Assert.Null(result.Identity);
    }
}
