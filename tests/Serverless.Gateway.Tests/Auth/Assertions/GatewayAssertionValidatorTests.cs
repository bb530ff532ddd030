using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.GatewayIdentity;

namespace Serverless.Gateway.Tests.Auth.Assertions;

public sealed class GatewayAssertionValidatorTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly TestSigningKey _key = new("gateway-1");
    private TestJwksServer _gateway = null!;
    private ServiceProvider _services = null!;

    private GatewayAssertionValidator Validator => _services.GetRequiredService<GatewayAssertionValidator>();

    public async Task InitializeAsync()
    {
        _gateway = await TestJwksServer.StartAsync(_clock);
        _gateway.Publish(_key);
        _services = _gateway.CreateValidatorServices();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _gateway.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task A_valid_assertion_yields_the_caller_it_states()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key), default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(new GatewayCaller("contoso", "key-1", "gold", [], "ApiKey"), result.Caller with { Scopes = [] });
        Assert.Equal(["orders:read", "orders:write"], result.Caller.Scopes);
        Assert.True(result.Caller.HasScope("orders:write"));
        Assert.False(result.Caller.HasScope("Orders:Write"));
        Assert.Null(result.Error);
        Assert.Null(result.Detail);
    }

    [Fact]
    public async Task An_assertion_without_scopes_plan_or_scheme_yields_empty_ones()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims(("scp", null), ("plan", null), ("auth", null))), default);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Empty(result.Caller.Scopes);
        Assert.Equal(string.Empty, result.Caller.Plan);
        Assert.Equal(string.Empty, result.Caller.Scheme);
    }

    [Fact]
    public async Task An_expired_assertion_is_refused_once_past_the_clock_skew()
    {
        var token = _gateway.Mint(_key);

        _clock.Advance(TimeSpan.FromSeconds(60 + 30));
        var withinSkew = await Validator.ValidateAsync(token, default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await Validator.ValidateAsync(token, default);

        Assert.True(withinSkew.Succeeded, withinSkew.Detail);
        AssertRefused(expired, GatewayAssertionResult.ExpiredAssertion, "expired");
    }

    [Fact]
    public async Task An_assertion_that_is_not_valid_yet_is_refused_as_expired()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims(("nbf", _clock.GetUtcNow().AddSeconds(31)))), default);

        AssertRefused(result, GatewayAssertionResult.ExpiredAssertion, "not valid before");
    }

    [Fact]
    public async Task An_assertion_for_another_backend_is_refused()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims(("aud", "billing"))), default);

        AssertRefused(result, GatewayAssertionResult.WrongAudience, "another backend");
    }

    [Fact]
    public async Task An_assertion_from_another_issuer_is_refused()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims(("iss", "someone-else"))), default);

        AssertRefused(result, GatewayAssertionResult.WrongIssuer, "issuer");
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("at+jwt")]
    [InlineData(null)]
    public async Task A_jwt_of_another_type_is_not_an_assertion(string? type)
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, header: Claims(("typ", type))), default);

        AssertRefused(result, GatewayAssertionResult.MalformedAssertion, "typ");
    }

    [Fact]
    public async Task The_type_compares_case_insensitively_as_media_types_do()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, header: Claims(("typ", "Gateway-Assertion+JWT"))), default);

        Assert.True(result.Succeeded, result.Detail);
    }

    [Fact]
    public async Task An_assertion_signed_by_a_key_the_gateway_does_not_publish_is_refused_under_any_kid()
    {
        using var stranger = new TestSigningKey("stranger");
        using var impostor = new TestSigningKey(_key.Id);

        var unknownKid = await Validator.ValidateAsync(_gateway.Mint(stranger), default);
        var publishedKid = await Validator.ValidateAsync(_gateway.Mint(impostor), default);

        AssertRefused(unknownKid, GatewayAssertionResult.InvalidSignature, "does not publish");
        AssertRefused(publishedKid, GatewayAssertionResult.InvalidSignature, "signature");
    }

    [Fact]
    public async Task An_unsigned_assertion_is_refused()
    {
        var result = await Validator.ValidateAsync(_gateway.MintUnsigned(_key.Id), default);

        AssertRefused(result, GatewayAssertionResult.InvalidSignature, "not signed");
    }

    [Fact]
    public async Task An_assertion_signed_with_hmac_over_the_public_key_is_refused()
    {
        var publicKeyPem = Encoding.ASCII.GetBytes(_key.Key.ExportSubjectPublicKeyInfoPem());
        var publicKeyJwk = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(_key.PublicJwk()));

        var pem = await Validator.ValidateAsync(_gateway.MintHmac(publicKeyPem, _key.Id), default);
        var jwk = await Validator.ValidateAsync(_gateway.MintHmac(publicKeyJwk, _key.Id), default);

        AssertRefused(pem, GatewayAssertionResult.InvalidSignature, "ES256");
        AssertRefused(jwk, GatewayAssertionResult.InvalidSignature, "ES256");
    }

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    [InlineData("es256")]
    public async Task Only_ES256_is_accepted_whatever_the_signature(string algorithm)
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, header: Claims(("alg", algorithm))), default);

        AssertRefused(result, GatewayAssertionResult.InvalidSignature, "ES256");
    }

    [Fact]
    public async Task A_tampered_payload_fails_the_signature_check()
    {
        var parts = _gateway.Mint(_key).Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["tid"] = "evil-corp";
        var tampered = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        var result = await Validator.ValidateAsync(tampered, default);

        AssertRefused(result, GatewayAssertionResult.InvalidSignature, "signature");
    }

    [Fact]
    public async Task A_signature_cut_short_or_lengthened_fails_the_signature_check()
    {
        var token = _gateway.Mint(_key);

        var shorter = await Validator.ValidateAsync(token[..^4], default);
        var longer = await Validator.ValidateAsync(token + "AAAA", default);

        AssertRefused(shorter, GatewayAssertionResult.InvalidSignature, "signature");
        AssertRefused(longer, GatewayAssertionResult.InvalidSignature, "signature");
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("tid")]
    [InlineData("exp")]
    public async Task An_assertion_without_subject_tenant_or_expiry_is_malformed(string claim)
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims((claim, null))), default);

        AssertRefused(result, GatewayAssertionResult.MalformedAssertion, claim);
    }

    [Theory]
    [InlineData("tid", 42)]
    [InlineData("exp", "tomorrow")]
    [InlineData("nbf", "now")]
    [InlineData("sub", "")]
    [InlineData("exp", 1e300)]
    public async Task Claims_of_the_wrong_type_are_malformed(string claim, object value)
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, Claims((claim, value))), default);

        AssertRefused(result, GatewayAssertionResult.MalformedAssertion, "");
    }

    [Fact]
    public async Task Critical_header_extensions_are_refused()
    {
        var result = await Validator.ValidateAsync(_gateway.Mint(_key, header: Claims(("crit", new[] { "exp" }))), default);

        AssertRefused(result, GatewayAssertionResult.MalformedAssertion, "crit");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task No_assertion_is_a_missing_assertion(string? token)
    {
        var result = await Validator.ValidateAsync(token, default);

        AssertRefused(result, GatewayAssertionResult.MissingAssertion, "No identity assertion");
        Assert.Equal(0, _gateway.Fetches);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("a.b")]
    [InlineData("....")]
    [InlineData(".")]
    [InlineData(" ")]
    [InlineData("eyJ.eyJ.")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0")]
    [InlineData("W10.W10.AAAA")]
    [InlineData("bnVsbA.bnVsbA.AAAA")]
    [InlineData("e30.e30.e30.e30.e30")]
    [InlineData("Bearer eyJhbGciOiJFUzI1NiJ9.e30.AAAA")]
    [InlineData("ëÿ.ñ.ü")]
    [InlineData("\u0000.\u0000.\u0000")]
    [InlineData("😀.😀.😀")]
    [InlineData("eyJhbGciOiJFUzI1NiIsInR5cCI6ImdhdGV3YXktYXNzZXJ0aW9uK2p3dCIsImtpZCI6Im7DqSJ9.e30.\uFFFF")]
    public async Task Garbage_of_any_kind_is_malformed_and_never_throws(string token)
    {
        var result = await Validator.ValidateAsync(token, default);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Error, (string[])[GatewayAssertionResult.MalformedAssertion, GatewayAssertionResult.InvalidSignature]);
    }

    [Fact]
    public async Task A_huge_assertion_is_refused_unread()
    {
        var huge = _gateway.Mint(_key, Claims(("scp", new string('s', 1024 * 1024))));

        var result = await Validator.ValidateAsync(huge, default);

        AssertRefused(result, GatewayAssertionResult.MalformedAssertion, "longer than");
        Assert.Equal(0, _gateway.Fetches);
    }

    [Fact]
    public async Task Random_bytes_and_mutations_of_a_valid_assertion_never_throw()
    {
        var valid = _gateway.Mint(_key);
        var random = new Random(20301);
        for (var i = 0; i < 500; i++)
        {
            // The last character is left alone: its low bits are padding, so some changes to it decode to the same signature.
            var chars = valid.ToCharArray();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                chars[random.Next(chars.Length - 1)] = (char)random.Next(0, 0x3000);
            }

            var mutated = new string(chars);
            var result = await Validator.ValidateAsync(mutated, default);

            Assert.False(result.Succeeded && mutated != valid, $"A mutated assertion was accepted: {mutated}");
        }
    }

    [Fact]
    public async Task An_unknown_kid_fetches_the_keys_again_once_and_then_accepts_the_new_key()
    {
        Assert.True((await Validator.ValidateAsync(_gateway.Mint(_key), default)).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using var next = new TestSigningKey("gateway-2");
        _gateway.Publish(next);

        var first = await Validator.ValidateAsync(_gateway.Mint(next), default);
        var second = await Validator.ValidateAsync(_gateway.Mint(next), default);

        Assert.True(first.Succeeded, first.Detail);
        Assert.True(second.Succeeded, second.Detail);
        Assert.Equal(2, _gateway.Fetches);
    }

    [Fact]
    public async Task A_flood_of_unknown_kids_fetches_the_keys_at_most_once_per_minimum_interval()
    {
        Assert.True((await Validator.ValidateAsync(_gateway.Mint(_key), default)).Succeeded);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var forged = Enumerable.Range(0, 200).Select(i => _gateway.Mint(_key, header: Claims(("kid", $"forged-{i}")))).ToList();

        var firstFlood = await Task.WhenAll(forged.Select(token => Validator.ValidateAsync(token, default).AsTask()));
        var afterFirstFlood = _gateway.Fetches;
        _clock.Advance(TimeSpan.FromSeconds(9));
        await Task.WhenAll(forged.Select(token => Validator.ValidateAsync(token, default).AsTask()));
        var stillThrottled = _gateway.Fetches;
        _clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(forged.Select(token => Validator.ValidateAsync(token, default).AsTask()));

        Assert.All(firstFlood, result => AssertRefused(result, GatewayAssertionResult.InvalidSignature, "does not publish"));
        Assert.Equal(2, afterFirstFlood);
        Assert.Equal(2, stillThrottled);
        Assert.Equal(3, _gateway.Fetches);
    }

    [Fact]
    public async Task A_new_key_within_the_minimum_interval_of_the_last_fetch_waits_for_that_interval_to_pass()
    {
        Assert.True((await Validator.ValidateAsync(_gateway.Mint(_key), default)).Succeeded);
        using var next = new TestSigningKey("gateway-2");
        _gateway.Publish(next);

        var tooSoon = await Validator.ValidateAsync(_gateway.Mint(next), default);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var later = await Validator.ValidateAsync(_gateway.Mint(next), default);

        AssertRefused(tooSoon, GatewayAssertionResult.InvalidSignature, "does not publish");
        Assert.True(later.Succeeded, later.Detail);
        Assert.Equal(2, _gateway.Fetches);
    }

    [Fact]
    public async Task While_the_keys_cannot_be_fetched_every_assertion_is_refused_and_the_fetch_is_retried_after_the_minimum_interval()
    {
        _gateway.Unavailable = true;
        var token = _gateway.Mint(_key);

        var during = await Validator.ValidateAsync(token, default);
        var throttled = await Validator.ValidateAsync(token, default);
        var fetchesDuringOutage = _gateway.Fetches;
        _gateway.Unavailable = false;
        _clock.Advance(TimeSpan.FromSeconds(10));
        var after = await Validator.ValidateAsync(token, default);

        AssertRefused(during, GatewayAssertionResult.KeysUnavailable, "could not be fetched");
        AssertRefused(throttled, GatewayAssertionResult.KeysUnavailable, "could not be fetched");
        Assert.Equal(1, fetchesDuringOutage);
        Assert.True(after.Succeeded, after.Detail);
        Assert.Equal(2, _gateway.Fetches);
    }

    [Fact]
    public async Task Cached_keys_are_replaced_in_the_background_after_the_refresh_interval_and_keep_serving_when_that_fails()
    {
        var token = _gateway.Mint(_key);
        Assert.True((await Validator.ValidateAsync(token, default)).Succeeded);
        _gateway.Unavailable = true;
        _clock.Advance(TimeSpan.FromMinutes(5));

        var stale = await Validator.ValidateAsync(_gateway.Mint(_key), default);
        await Infrastructure.Eventually.TrueAsync(() => _gateway.Fetches == 2);
        var afterFailedRefresh = await Validator.ValidateAsync(_gateway.Mint(_key), default);

        Assert.True(stale.Succeeded, stale.Detail);
        Assert.True(afterFailedRefresh.Succeeded, afterFailedRefresh.Detail);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_for_the_first_fetch()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Validator.ValidateAsync(_gateway.Mint(_key), cancelled.Token));
    }

    private static Dictionary<string, object?> Claims(params (string Name, object? Value)[] claims) =>
        claims.ToDictionary(claim => claim.Name, claim => claim.Value);

    private static void AssertRefused(GatewayAssertionResult result, string error, string detail)
    {
        Assert.False(result.Succeeded);
        Assert.Null(result.Caller);
        Assert.Equal(error, result.Error);
        Assert.Contains(detail, result.Detail, StringComparison.OrdinalIgnoreCase);
    }
}
