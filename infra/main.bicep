// `azd up` entry point: one resource group holding the serverless gateway on Azure Functions Flex Consumption.
//
//   user-assigned identity ─┬─ Storage Blob Data Owner, Queue/Table Data Contributor ─▶ storage account (no shared keys)
//                           ├─ Service Bus Data Sender/Receiver/Owner ────────────────▶ Service Bus (no SAS keys)
//                           └─ Monitoring Metrics Publisher ──────────────────────────▶ Application Insights (no local auth)
//   function app (custom handler) ── runs as that identity; every connection is identity-based
//
// Only local modules (registry modules cannot be restored offline). `infra/check.sh` builds and lints this file.
targetScope = 'subscription'

import { builtInRoles } from 'core/security/built-in-roles.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds the resource token.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user (azd passes AZURE_PRINCIPAL_ID). Gets data access to storage and Service Bus for local development against the cloud resources; empty skips those assignments.')
param principalId string = deployer().objectId

@description('Kind of principal principalId is: User for a developer, ServicePrincipal for a CI identity.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Flex Consumption runtime stack of the function app (see the runtime decision in app/gateway.bicep).')
@allowed([
  'custom'
  'dotnet-isolated'
])
param functionRuntimeName string = 'custom'

@description('Runtime version: 1.0 for custom, 10.0 for dotnet-isolated.')
param functionRuntimeVersion string = '1.0'

@description('Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('CRON schedule (six fields, with seconds) of the HeartbeatTimer function.')
param heartbeatSchedule string = '0 */5 * * * *'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are computed here, from values known when the deployment starts, and passed to the modules as such (not taken
// from module outputs), so What-If can predict every resource and role assignment.
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}gateway-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var serviceBusNamespaceName = '${abbrs.serviceBusNamespaces}${resourceToken}'
var logAnalyticsName = '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var planName = '${abbrs.webServerFarms}${resourceToken}'
var functionAppName = '${abbrs.webSitesFunctions}gateway-${resourceToken}'
// Flex Consumption reads the deployment package from this container (azd uploads it there).
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Every table and queue the app uses, created up front (the app also creates them on first use, which needs the
// same data roles). Names come from the code: ApiKeyOptions.Table, RateLimitingOptions.Table, OrderSagaStore,
// ProcessedEventStore, OrderProjectionStore, OrderAuditStore and HeartbeatRecorderFunction TableName constants;
// OrderSagaFunction, OrderEvents and HeartbeatTimerFunction QueueName constants. A test keeps them in step.
var tables = [
  'ApiKeys'
  'RateLimits'
  'OrderSagas'
  'ProcessedEvents'
  'OrderProjections'
  'OrderAudit'
  'GatewayHeartbeats'
]
// Each queue-triggered queue has its <queue>-poison twin, where the host moves a message that failed
// maxDequeueCount (host.json: 5) times.
var queues = [
  'orders-saga'
  'orders-saga-poison'
  'order-events-outbox'
  'order-events-outbox-poison'
  'gateway-heartbeat'
  'gateway-heartbeat-poison'
]

// Service Bus: the topic the OrderEventsPublisher function writes to, and one subscription per consumer function
// (EventConsumerFunction.Topic; OrderProjection, OrderAudit and OrderNotifications subscription names).
var eventsTopicName = 'order-events'
var eventsSubscriptions = [
  'projection'
  'audit'
  'notifications'
]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity/user-assigned-identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'core/storage/storage-account.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containers: [
      deploymentContainerName
    ]
    queues: queues
    tables: tables
  }
}

module serviceBus 'core/messaging/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    name: serviceBusNamespaceName
    location: location
    tags: tags
    topicName: eventsTopicName
    subscriptions: eventsSubscriptions
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
  }
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: logAnalyticsName
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module plan 'core/host/flex-consumption-plan.bicep' = {
  name: 'plan'
  scope: rg
  params: {
    name: planName
    location: location
    tags: tags
  }
}

// ---- Role assignments: the app identity -------------------------------------------------------------------------
// Storage: blob owner (host leases/timers/keys, the deployment package), queue and table data contributor (the app's
// queues and tables). Scoped to the storage account only.
module appStorageRoles 'core/security/storage-role-assignments.bicep' = {
  name: 'app-storage-roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalKey: identityName
    principalType: 'ServicePrincipal'
    storageAccountName: storageAccountName
    roleDefinitionIds: [
      builtInRoles.storageBlobDataOwner
      builtInRoles.storageQueueDataContributor
      builtInRoles.storageTableDataContributor
    ]
  }
  dependsOn: [
    storage
  ]
}

// Service Bus, scoped to the namespace only. Sender: the OrderEventsPublisher's serviceBus output binding. Receiver:
// the three serviceBusTrigger functions. Owner: for scaling. The Functions Service Bus binding docs list Receiver *and*
// Data Owner for a trigger on an identity-based connection: target-based scaling reads each subscription's backlog
// (entity runtime properties, a "Manage"-level read) with the app's identity, and Receiver alone lets the app consume
// but not scale out on backlog (not verifiable here without Azure). Owner subsumes the other two; they are assigned
// anyway so each binding's need stays visible and nothing breaks if Owner is dropped once scaling needs less.
module appServiceBusRoles 'core/security/service-bus-role-assignments.bicep' = {
  name: 'app-service-bus-roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalKey: identityName
    principalType: 'ServicePrincipal'
    serviceBusNamespaceName: serviceBusNamespaceName
    roleDefinitionIds: [
      builtInRoles.serviceBusDataSender
      builtInRoles.serviceBusDataReceiver
      builtInRoles.serviceBusDataOwner
    ]
  }
  dependsOn: [
    serviceBus
  ]
}

// Application Insights with local auth disabled accepts telemetry only from identities holding this role.
module appMonitoringRoles 'core/security/app-insights-role-assignments.bicep' = {
  name: 'app-monitoring-roles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    principalKey: identityName
    principalType: 'ServicePrincipal'
    applicationInsightsName: applicationInsightsName
    roleDefinitionIds: [
      builtInRoles.monitoringMetricsPublisher
    ]
  }
  dependsOn: [
    monitoring
  ]
}

// ---- Role assignments: the deploying user, for running the app locally against these resources ------------------
// (`keys create` against the deployed ApiKeys table, the dead-letters CLI, a local run with identity-based settings).
module userStorageRoles 'core/security/storage-role-assignments.bicep' = if (!empty(principalId)) {
  name: 'user-storage-roles'
  scope: rg
  params: {
    principalId: principalId
    principalKey: principalId
    principalType: principalType
    storageAccountName: storageAccountName
    roleDefinitionIds: [
      builtInRoles.storageBlobDataOwner
      builtInRoles.storageQueueDataContributor
      builtInRoles.storageTableDataContributor
    ]
  }
  dependsOn: [
    storage
  ]
}

module userServiceBusRoles 'core/security/service-bus-role-assignments.bicep' = if (!empty(principalId)) {
  name: 'user-service-bus-roles'
  scope: rg
  params: {
    principalId: principalId
    principalKey: principalId
    principalType: principalType
    serviceBusNamespaceName: serviceBusNamespaceName
    roleDefinitionIds: [
      builtInRoles.serviceBusDataOwner
    ]
  }
  dependsOn: [
    serviceBus
  ]
}

// ---- The function app and its dashboard ----------------------------------------------------------------------------
module gateway 'app/gateway.bicep' = {
  name: 'gateway'
  scope: rg
  params: {
    name: functionAppName
    location: location
    tags: union(tags, {
      'azd-service-name': 'gateway'
    })
    planId: plan.outputs.id
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsName: applicationInsightsName
    runtimeName: functionRuntimeName
    runtimeVersion: functionRuntimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    heartbeatSchedule: heartbeatSchedule
  }
  // The host starts talking to storage, Service Bus and App Insights as soon as the app exists: grant first.
  dependsOn: [
    identity
    storage
    monitoring
    appStorageRoles
    appServiceBusRoles
    appMonitoringRoles
  ]
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    displayName: 'Serverless gateway (${environmentName})'
  }
  dependsOn: [
    monitoring
  ]
}

// ---- Outputs: azd stores them in the environment (.azure/<env>/.env) ---------------------------------------------
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = gateway.outputs.name
output SERVICE_GATEWAY_NAME string = gateway.outputs.name
output SERVICE_GATEWAY_ENDPOINT_URL string = gateway.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_WORKBOOK_ID string = workbook.outputs.id
