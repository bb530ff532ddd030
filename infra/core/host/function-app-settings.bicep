// The app settings of one function app (a Microsoft.Web/sites/config 'appsettings' resource, applied after the site
// exists; see function-app.bicep for why). Every app gets the same identity-based connections, built here once, plus
// its own settings. This resource replaces the app's whole settings list on every deployment: settings changed by
// hand in the portal do not survive `azd provision`.
//
// Identity-based connections, read the same way by the Functions host, its extensions (Durable Functions' Azure
// Storage provider included) and the apps' own clients. The storage service URIs come from the account itself (no
// hard-coded cloud suffix). No setting holds a key, a SAS or a connection string with a secret.
//
// APPLICATIONINSIGHTS_CONNECTION_STRING: with DisableLocalAuth on the component, the connection string
// (instrumentation key + ingestion endpoint) cannot be used to send telemetry without an Entra token, so it is
// configuration, not a secret. APPLICATIONINSIGHTS_AUTHENTICATION_STRING makes the host (and the app's Azure Monitor
// exporter) authenticate as the user-assigned identity, which holds Monitoring Metrics Publisher on the component.

@description('Name of the function app (its site must exist).')
param appName string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account behind AzureWebJobsStorage.')
param storageAccountName string

@description('Host name of the Service Bus namespace (<name>.servicebus.windows.net).')
param serviceBusFullyQualifiedNamespace string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('The app\'s own settings, name to value, added to the shared identity-based ones (and winning over them).')
param settings object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

var identityBasedSettings = {
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
  // DefaultAzureCredential (and anything else built on Azure.Identity) picks the user-assigned identity.
  AZURE_CLIENT_ID: identity.properties.clientId
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(identityBasedSettings, settings)
}
