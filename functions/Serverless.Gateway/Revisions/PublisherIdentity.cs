using Azure.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Revisions;

/// <summary>
/// Who publishes: the Azure identity the CLI reaches storage with (its user principal name, or the application id of a
/// managed identity or service principal), and where it has none (a connection string with an account key, as with
/// Azurite) or it cannot be had within a few seconds, the operating-system user and machine.
/// </summary>
public static class PublisherIdentity
{
    private static readonly TimeSpan TokenTimeout = TimeSpan.FromSeconds(10);

    public static async Task<string> ResolveAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        if (StorageClientFactory.CredentialOf(configuration) is { } credential && await AzureNameAsync(credential, cancellationToken) is { } name)
        {
            return name;
        }

        return $"{Environment.UserName}@{Environment.MachineName} (OS user)";
    }

    private static async Task<string?> AzureNameAsync(TokenCredential credential, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TokenTimeout);
        AccessToken token;
        try
        {
            token = await credential.GetTokenAsync(new TokenRequestContext(["https://storage.azure.com/.default"]), timeout.Token);
        }
        catch (Exception failed) when (failed is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException
            || (failed is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }

        var jwt = new JsonWebToken(token.Token);
        foreach (var claim in (string[])["upn", "preferred_username", "unique_name", "email"])
        {
            if (jwt.TryGetPayloadValue<string>(claim, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return $"{value} (Azure)";
            }
        }

        return jwt.TryGetPayloadValue<string>("appid", out var app) || jwt.TryGetPayloadValue("azp", out app) ? $"app {app} (Azure)"
            : jwt.TryGetPayloadValue<string>("oid", out var objectId) ? $"object {objectId} (Azure)"
            : null;
    }
}
