using Serverless.AppHost.Azurite;

namespace Serverless.AppHost;

/// <summary>What to paste once everything is up: the shortest path from "it started" to a proxied response.</summary>
internal static class Banner
{
    public static string For(Uri gateway, string configPath, AzuriteProcess? azurite)
    {
        var root = gateway.GetLeftPart(UriPartial.Authority);
        var storage = azurite is null
            ? "the storage account in AzureWebJobsStorage"
            : $"Azurite on 127.0.0.1:{azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort}";
        var cli = azurite is { BlobPort: 10000, QueuePort: 10001, TablePort: 10002 } ? "UseDevelopmentStorage=true" : "<the storage connection string>";
        return $"""

            ============================================================================
             Gateway ready at {root} (storage: {storage})

             Try:
               curl -i {root}/catalog/products
               curl -i {root}/catalog/products/1
               curl -i --data-binary 'hello, gateway' '{root}/echo/hello?from=curl'
               curl -i {root}/readyz

             Protected route (API key or JWT, scope catalog:read, plan rate limits):
               AzureWebJobsStorage='{cli}' dotnet run --project functions/Serverless.Gateway -- keys create --tenant contoso --plan free --scopes catalog:read
               curl -i -H "X-Api-Key: <the printed key>" {root}/secure/catalog/products

             Routes and backends come from {configPath};
             edit and save it and the gateway reloads them live, no restart needed.
             Press Ctrl+C to stop everything.
            ============================================================================

            """;
    }
}
