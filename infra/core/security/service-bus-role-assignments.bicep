// Assigns built-in roles to one principal, scoped to one Service Bus namespace, or to one topic in it when topicName is
// given (never the resource group or subscription).

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

@description('Name of the Service Bus namespace the roles are scoped to.')
param serviceBusNamespaceName string

@description('A topic of the namespace to scope the roles to instead of the whole namespace; empty for the namespace.')
param topicName string = ''

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' existing = if (!empty(topicName)) {
  parent: namespace
  name: topicName
}

resource namespaceAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleDefinitionId in (empty(topicName) ? roleDefinitionIds : []): {
  name: guid(namespace.id, principalKey, roleDefinitionId)
  scope: namespace
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
  }
}]

resource topicAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleDefinitionId in (empty(topicName) ? [] : roleDefinitionIds): {
  name: guid(topic.id, principalKey, roleDefinitionId)
  scope: topic
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
  }
}]
