// The gateway function app on Flex Consumption, running the ASP.NET Core executable as a Functions custom handler.
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
// Every connection is identity-based through the user-assigned identity; no app setting holds a key or a secret.

@description('Function app name.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource (must include azd-service-name for azd deploy).')
param tags object

@description('Resource id of the Flex Consumption plan.')
param planId string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account behind AzureWebJobsStorage (and the deployment container).')
param storageAccountName string

@description('Blob container holding the deployment package.')
param deploymentContainerName string

@description('Host name of the Service Bus namespace (<name>.servicebus.windows.net).')
param serviceBusFullyQualifiedNamespace string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Flex Consumption runtime stack. See the runtime decision above.')
@allowed([
  'custom'
  'dotnet-isolated'
])
param runtimeName string

@description('Runtime version: \'1.0\' for custom, \'10.0\' for dotnet-isolated.')
param runtimeVersion string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('CRON schedule of the HeartbeatTimer function (function.json: "%HeartbeatSchedule%").')
param heartbeatSchedule string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Identity-based connections, read the same way by the Functions host and by the app (StorageClientFactory).
// The storage service URIs come from the account itself (no hard-coded cloud suffix); __accountName is set as well
// because the app's standalone mode and its CLI accept either form.
//
// APPLICATIONINSIGHTS_CONNECTION_STRING: with DisableLocalAuth on the component, the connection string
// (instrumentation key + ingestion endpoint) cannot be used to send telemetry without an Entra token, so it is
// configuration, not a secret. APPLICATIONINSIGHTS_AUTHENTICATION_STRING makes the host (and the app's Azure Monitor
// exporter) authenticate as the user-assigned identity, which holds Monitoring Metrics Publisher on the component.
var appSettings = [
  { name: 'AzureWebJobsStorage__accountName', value: storage.name }
  { name: 'AzureWebJobsStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: storage.properties.primaryEndpoints.table }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
  { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: serviceBusFullyQualifiedNamespace }
  { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
  { name: 'ServiceBusConnection__clientId', value: identity.properties.clientId }
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'Authorization=AAD;ClientId=${identity.properties.clientId}' }
  // DefaultAzureCredential (and anything else built on Azure.Identity) picks the user-assigned identity.
  { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
  { name: 'HeartbeatSchedule', value: heartbeatSchedule }
]

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }

  // azd deploys with an Entra token (OneDeploy); basic-auth publishing credentials stay off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output uri string = 'https://${app.properties.defaultHostName}'
