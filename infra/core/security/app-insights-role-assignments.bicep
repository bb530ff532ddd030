// Assigns built-in roles to one principal, scoped to one Application Insights component (never the resource group or subscription).

@description('Object id of the principal (a managed identity\'s principalId, or a user\'s object id).')
param principalId string

@description('A value known when the deployment starts that identifies the principal (the identity\'s name, or the user\'s object id). It seeds the role assignment names, so they are stable and What-If can predict them even when principalId is only known at run time.')
param principalKey string

@description('Kind of principal. ServicePrincipal for managed identities avoids Entra replication delays on new identities.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string

@description('Built-in role definition ids (GUIDs) to assign.')
param roleDefinitionIds string[]

@description('Name of the Application Insights component the roles are scoped to.')
param applicationInsightsName string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleDefinitionId in roleDefinitionIds: {
  name: guid(applicationInsights.id, principalKey, roleDefinitionId)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
  }
}]
