using System.Text.RegularExpressions;
using Serverless.Gateway.Auth.ApiKeys;

namespace Serverless.Gateway.Tests.Auth.ApiKeys;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void A_new_key_has_the_scannable_prefix_and_parses_back_into_id_and_secret()
    {
        var keyId = ApiKeyFormat.NewKeyId();
        var secret = ApiKeyFormat.NewSecret();
        var key = ApiKeyFormat.Compose(keyId, secret);

        Assert.Matches(new Regex("^sgw_[a-z2-7]{16}_[a-z2-7]{52}$"), key);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsedId, out var parsedSecret));
        Assert.Equal(keyId, parsedId.ToString());
        Assert.Equal(secret, parsedSecret.ToString());
    }

    [Fact]
    public void Two_new_secrets_differ() => Assert.NotEqual(ApiKeyFormat.NewSecret(), ApiKeyFormat.NewSecret());

    [Theory]
    [InlineData("")]
    [InlineData("sgw_")]
    [InlineData("Bearer abc")]
    [InlineData("sgw_aaaaaaaaaaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("xyz_aaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sgw_aaaaaaaaaaaaaaaa-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("sgw_aaaaaaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'; DROP TABLE")]
    public void Anything_not_shaped_like_a_key_is_rejected_before_any_lookup(string presented) =>
        Assert.False(ApiKeyFormat.TryParse(presented, out _, out _));

    [Fact]
    public void Verification_accepts_the_secret_and_rejects_a_secret_differing_in_one_character()
    {
        var secret = ApiKeyFormat.NewSecret();
        var salt = ApiKeyHasher.NewSalt();
        var hash = ApiKeyHasher.Hash(salt, secret);
        var tampered = (secret[0] == 'a' ? 'b' : 'a') + secret[1..];

        Assert.True(ApiKeyHasher.Verify(salt, secret, hash));
        Assert.False(ApiKeyHasher.Verify(salt, tampered, hash));
        Assert.False(ApiKeyHasher.Verify(ApiKeyHasher.NewSalt(), secret, hash));
    }
}
