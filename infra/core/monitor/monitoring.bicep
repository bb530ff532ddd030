// Log Analytics workspace + workspace-based Application Insights.
// DisableLocalAuth: true means App Insights accepts telemetry only with an Entra ID token (the app's managed identity,
// which needs Monitoring Metrics Publisher on this component): the instrumentation key in the connection string alone
// can no longer be used to send (or spoof) telemetry. That is why the connection string is not treated as a secret.

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Days Log Analytics keeps data (30 is the free retention of the PerGB2018 tier).')
@minValue(30)
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
    features: {
      // No shared-key ingestion through the legacy Data Collector API either.
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

output logAnalyticsId string = logAnalytics.id
output logAnalyticsName string = logAnalytics.name
output applicationInsightsId string = applicationInsights.id
output applicationInsightsName string = applicationInsights.name
// Not a secret with local auth disabled (see above); the app and the Functions host both read it.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
