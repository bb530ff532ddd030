// The gateway function app's configuration. Its site (Flex Consumption, running the ASP.NET Core executable as a
// Functions custom handler) is core/host/function-app.bicep, created from main.bicep with the runtime chosen below;
// this module applies its app settings once both sites exist, since they name the orders app's host name.
//
// ---------------------------------------------------------------------------------------------------------------
// Runtime decision (not verifiable without an Azure subscription; see the README's deployment section)
// ---------------------------------------------------------------------------------------------------------------
// * The documented way to run a custom handler is FUNCTIONS_WORKER_RUNTIME=custom. Flex Consumption does not take
//   FUNCTIONS_WORKER_RUNTIME (nor FUNCTIONS_EXTENSION_VERSION) as app settings: the stack comes from
//   functionAppConfig.runtime, whose name 'custom' (version '1.0') is the Flex equivalent. The Microsoft.Web
//   2024-04-01 API definition (the Bicep types of CLI 0.49.2) lists 'custom' among the FunctionsRuntime names
//   (dotnet-isolated, node, java, powershell, python, custom); the version string is not validated offline.
//   That is the default here (runtimeName = 'custom', runtimeVersion = '1.0'): the host then reads host.json's
//   customHandler section, starts the executable it names, and proxies HTTP to it (enableProxyingHttpRequest).
// * Risk: host.json launches `dotnet Serverless.Gateway.dll` (framework-dependent, net10.0). Whether the 'custom'
//   image has a .NET 10 runtime on PATH is not confirmed (the host's own `dotnet` may be an older version). If the
//   app does not start under 'custom', there are two fallbacks, both without changing this module's shape:
//     1. Set runtimeName = 'dotnet-isolated' and runtimeVersion = '10.0' (azd: `azd env set GATEWAY_FUNCTION_RUNTIME
//        dotnet-isolated` and `azd env set GATEWAY_FUNCTION_RUNTIME_VERSION 10.0`). That image is expected to ship the .NET 10
//        (ASP.NET Core) runtime, so `dotnet Serverless.Gateway.dll` resolves; this is what Microsoft's .NET
//        self-hosted MCP custom-handler template does (it also sets a configurationProfile and a preview flag; whether
//        a plain customHandler section works without them is unconfirmed).
//     2. Keep 'custom' and publish self-contained for linux-x64, with host.json's defaultExecutablePath naming the
//        native executable (its executable bit must survive the zip).
// ---------------------------------------------------------------------------------------------------------------
//
// Every connection is identity-based through the user-assigned identity (core/host/function-app-settings.bicep); the
// one secret, the identity-assertion signing key, is a Key Vault reference that the platform resolves as that identity
// (the site's keyVaultReferenceIdentity), never a value in this template.

@description('Name of the gateway function app (its site must exist).')
param appName string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account behind AzureWebJobsStorage.')
param storageAccountName string

@description('Host name of the Service Bus namespace (<name>.servicebus.windows.net).')
param serviceBusFullyQualifiedNamespace string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('CRON schedule of the HeartbeatTimer function (function.json: "%HeartbeatSchedule%").')
param heartbeatSchedule string

@description('Default host name of the orders function app (its site\'s properties.defaultHostName).')
param ordersHostName string

@description('Name of the Key Vault holding the identity-assertion signing key.')
param keyVaultName string

@description('Name of the Key Vault secret holding the signing key (an ECDSA P-256 private key, PKCS#8 PEM; created by infra/hooks/postprovision.sh).')
param assertionKeySecretName string

// Routes, backends and policies are configuration (the Gateway and Auth sections), and in Azure configuration is app
// settings. Names use '__' for ':'. App setting names on Linux may hold only letters, digits, '.' and '_', so ids
// that go into a name (route orders_root, destination orders_1) use '_' where a '-' might be expected.
//
// /orders and /orders/** go to the orders app, an ordinary backend that receives a gateway-signed identity assertion
// (ES256 JWT; the orders app checks it against this app's /.well-known/jwks.json). Both routes leave Methods unset,
// so every method passes (POST /orders to place an order, GET /orders/{id} for its status, ...). RateLimitPolicy
// 'plan' limits each caller by its plan's policy (RateLimiting:Plans; a caller whose plan has none is not limited).
//
// The signing key k1 is the Key Vault secret assertionKeySecretName. Rotation (infra/README.md): add SigningKeys__1
// (k2, another secret), switch ActiveKeyId to k2 once the orders app has the new public key, later remove k1.
var settings = {
  // The app's standalone mode and its CLI accept the account name as well as the service URIs.
  AzureWebJobsStorage__accountName: storageAccountName
  HeartbeatSchedule: heartbeatSchedule
  // Routes, backends and policies published with `./gateway config publish` (table ConfigRevisions) replace the sections
  // below without a restart; these settings stay the bootstrap (docs/configuration.md, Configuration revisions).
  ConfigurationRevisions__Enabled: 'true'
  Gateway__Backends__orders__Destinations__orders_1: 'https://${ordersHostName}'
  Gateway__Backends__orders__IdentityAssertion: 'true'
  Gateway__Routes__orders__Path: '/orders/{**rest}'
  Gateway__Routes__orders__Backend: 'orders'
  Gateway__Routes__orders__AuthPolicy: 'orders'
  Gateway__Routes__orders__RateLimitPolicy: 'plan'
  Gateway__Routes__orders_root__Path: '/orders'
  // POST only: GET /orders (a customer's orders) is the gateway's own query, answered from its projection.
  Gateway__Routes__orders_root__Methods__0: 'POST'
  Gateway__Routes__orders_root__Backend: 'orders'
  Gateway__Routes__orders_root__AuthPolicy: 'orders'
  Gateway__Routes__orders_root__RateLimitPolicy: 'plan'
  Auth__Policies__orders__Require: 'ApiKeyOrJwt'
  Auth__IdentityAssertion__ActiveKeyId: 'k1'
  Auth__IdentityAssertion__SigningKeys__0__Id: 'k1'
  Auth__IdentityAssertion__SigningKeys__0__PrivateKeyPem: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${assertionKeySecretName})'
}

module appSettings '../core/host/function-app-settings.bicep' = {
  name: 'gateway-app-settings'
  params: {
    appName: appName
    identityName: identityName
    storageAccountName: storageAccountName
    serviceBusFullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    applicationInsightsName: applicationInsightsName
    settings: settings
  }
}
