// The gateway's Azure Monitor workbook, pinned to the Application Insights component. Its content lives in
// workbook.json beside this file (edit it in the portal's Advanced Editor and paste it back); the name is a
// deterministic GUID so every deployment updates the same workbook instead of creating another.

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

@description('Name of the Application Insights component the workbook queries.')
param applicationInsightsName string

@description('Title shown in the portal.')
param displayName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsights.id, 'serverless-gateway-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsights.id
    version: 'Notebook/1.0'
    serializedData: loadTextContent('workbook.json')
  }
}

output id string = workbook.id
output name string = workbook.name
