using System.Globalization;

namespace Serverless.LocalRun;

/// <summary>What to paste once everything is up: the shortest path from "it started" to a proxied response.</summary>
internal static class Banner
{
    private const string OrderBody = """
        {"customerId":"cust-1","currency":"EUR","items":[{"sku":"apple","quantity":2,"unitPrice":1.25}],"shippingAddress":{"line1":"1 Main St","city":"Oslo","postalCode":"0150","country":"NO"}}
        """;

    public static string For(BannerAddresses addresses)
    {
        var (gateway, orders, configPath, fullConfigPath, azurite, inventory, payment, shipping, notifications, cachedCatalog, identity, dashboard) = addresses;
        var root = gateway.GetLeftPart(UriPartial.Authority);
        // --no-build: the local run is built already, and a build prints the orders project's restore warnings on stdout,
        // where they would end up in $TOKEN.
        var identityPort = identity.Port == LocalRunOptions.DefaultIdentityPort ? string.Empty : $" --identity-port {identity.Port.ToString(CultureInfo.InvariantCulture)}";
        var telemetry = dashboard is null
            ? "Telemetry: no dashboard in this run (see above why); the apps export nothing."
            : $"Traces, metrics and structured logs of both apps (Aspire dashboard): {dashboard.GetLeftPart(UriPartial.Authority)}";
        var storage = azurite is null
            ? "the storage account in AzureWebJobsStorage"
            : $"Azurite on 127.0.0.1:{azurite.BlobPort}/{azurite.QueuePort}/{azurite.TablePort}";
        var cli = azurite is { BlobPort: 10000, QueuePort: 10001, TablePort: 10002 } ? "UseDevelopmentStorage=true" : "<the storage connection string>";

        // Raw $$ string: the declined example uses bash's ${...}, so single braces must stay literal.
        return $$"""

            ============================================================================
             Gateway ready at {{root}} (storage: {{storage}})
             Orders service ready at {{orders.GetLeftPart(UriPartial.Authority)}}, behind the gateway's /orders routes
             (it serves only requests that carry the gateway's signed identity assertion)

             {{telemetry}}

             Try:
               curl -i {{root}}/catalog/products
               curl -i {{root}}/catalog/products/1
               curl -i --data-binary 'hello, gateway' '{{root}}/echo/hello?from=curl&debug=1'   (the route's header and query transforms)
               curl -i {{root}}/internal/echo/hello   (403 ip_not_allowed: only 10.0.0.0/8 may call it)
               curl -i {{root}}/readyz

             Browser apps (CORS for http://localhost:3000; preflights need no key and count against no limit):
               curl -i -X OPTIONS {{root}}/browser/catalog/products -H 'Origin: http://localhost:3000' -H 'Access-Control-Request-Method: GET'

             Progressive delivery, caching and aggregation:
               for t in acme contoso litware; do curl -s -H "Authorization: Bearer $(dotnet run --no-build --project functions/Serverless.LocalRun -- token --tenant $t --scope catalog:read{{identityPort}})" {{root}}/secure/catalog/products | grep -o '"servedBy":"[^"]*"'; done
                 (backend catalog-release: 90% of tenants on catalog-1, 10% on catalog-2, each tenant always on the same one)
               curl -s {{root}}/echo/hello   (mirrored to echo-shadow-1: gateway.mirror.* metrics in the dashboard)
               curl -si {{root}}/cached/catalog/products | grep -i x-cache   (MISS, then HIT for 5 s)
               curl -X PUT {{cachedCatalog.GetLeftPart(UriPartial.Authority)}}/_control/outage   (catalog-3 now answers 503 and the cached route STALE; -X DELETE ends it)
               curl -s {{root}}/shop/products/1   (catalog and echo merged; the reviews part is missing: no reviews service runs)

             JWT route (scope echo:read; tokens from the development identity provider at {{identity.GetLeftPart(UriPartial.Authority)}}):
               TOKEN=$(dotnet run --no-build --project functions/Serverless.LocalRun -- token --tenant contoso --scope echo:read{{identityPort}})
               curl -i -H "Authorization: Bearer $TOKEN" {{root}}/secure/echo/hello

             Protected route (API key or JWT, scope catalog:read, plan rate limits):
               AzureWebJobsStorage='{{cli}}' ./gateway keys create --config '{{fullConfigPath}}' --tenant contoso --plan free --scopes catalog:read
               curl -i -H "X-Api-Key: <the printed key>" {{root}}/secure/catalog/products

             Orders (the orders service runs a saga across the demo inventory, payment and shipping services):
               AzureWebJobsStorage='{{cli}}' ./gateway keys create --config '{{fullConfigPath}}' --tenant contoso --plan standard --scopes orders:write orders:read
               KEY='<the printed key>'
               BODY='{{OrderBody}}'
               curl -i -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -d "$BODY" {{root}}/orders
               curl -H "X-Api-Key: $KEY" {{root}}/orders/<id from the Location header>
             A declined card (ends Cancelled, the reserved stock released):
               curl -i -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -d "${BODY/cust-1/cust-declined}" {{root}}/orders
             What each service did (its ledger):
               curl {{inventory.GetLeftPart(UriPartial.Authority)}}/_ledger
               curl {{payment.GetLeftPart(UriPartial.Authority)}}/_ledger
               curl {{shipping.GetLeftPart(UriPartial.Authority)}}/_ledger
             The order notifications webhook (placed, completed and cancelled events, each once):
               curl {{notifications.GetLeftPart(UriPartial.Authority)}}/_ledger

             Routes and backends come from {{configPath}};
             edit and save it and the gateway reloads them live, no restart needed.
             Press Ctrl+C to stop everything.
            ============================================================================

            """;
    }
}
