// `azd up` entry point: one resource group holding two function apps on Azure Functions Flex Consumption, each on its
// own plan and running as its own user-assigned identity: the gateway (custom handler) and, behind it, the orders
// service (isolated worker, Durable Functions).
//
//   gateway identity ─┬─ Storage Blob Data Owner, Queue/Table Data Contributor ─▶ storage account (no shared keys)
//                     ├─ Service Bus Data Sender/Receiver/Owner ────────────────▶ Service Bus namespace (no SAS keys)
//                     ├─ Monitoring Metrics Publisher ──────────────────────────▶ Application Insights (no local auth)
//                     └─ Key Vault Secrets User ────────────────────────────────▶ Key Vault (the assertion signing key)
//   orders identity ──┬─ Storage Blob Data Owner, Queue/Table Data Contributor ─▶ storage account (task hub)
//                     ├─ Service Bus Data Sender ───────────────────────────────▶ topic order-events only
//                     └─ Monitoring Metrics Publisher ──────────────────────────▶ Application Insights
//   each function app runs as its identity; every connection is identity-based, the one secret is a Key Vault reference
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

@description('Object id of the deploying user (azd passes AZURE_PRINCIPAL_ID). Gets data access to storage and Service Bus for local development against the cloud resources, and Key Vault Secrets Officer on the vault for the postprovision hook that creates the signing key; empty skips those assignments.')
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

@description('Flex Consumption runtime stack of the gateway function app (see the runtime decision in app/gateway.bicep).')
@allowed([
  'custom'
  'dotnet-isolated'
])
param functionRuntimeName string = 'custom'

@description('Runtime version: 1.0 for custom, 10.0 for dotnet-isolated.')
param functionRuntimeVersion string = '1.0'

@description('Memory of each gateway instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the gateway scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('CRON schedule (six fields, with seconds) of the HeartbeatTimer function.')
param heartbeatSchedule string = '0 */5 * * * *'

@description('Memory of each orders app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param ordersInstanceMemoryMB int = 2048

@description('Most instances the orders app scales out to.')
@minValue(40)
@maxValue(1000)
param ordersMaximumInstanceCount int = 100

@description('Base URL of the inventory service, the saga\'s first participant (azd: ORDERS_INVENTORY_URL). The orders app refuses to start a saga while any participant URL is empty.')
param ordersInventoryUrl string = ''

@description('Base URL of the payment service, the saga\'s second participant (azd: ORDERS_PAYMENT_URL).')
param ordersPaymentUrl string = ''

@description('Base URL of the shipping service, the saga\'s third participant (azd: ORDERS_SHIPPING_URL).')
param ordersShippingUrl string = ''

@description('Whether the alert rules run (azd: ALERTS_ENABLED). False keeps them, disabled. See docs/deployment.md#alerts.')
param alertsEnabled bool = true

@description('Email address the alerts notify, or several separated by commas (azd: ALERT_EMAIL). Empty creates no action group: alerts still fire and show in Azure Monitor, but no one is emailed.')
param alertEmail string = ''

@description('A route alerts when more than this percentage of its responses are 5xx over the window (azd: ALERT_5XX_RATIO_PERCENT).')
@minValue(1)
@maxValue(100)
param alert5xxRatioPercent int = 5

@description('A route alerts when its 95th percentile response time over the window exceeds this many milliseconds (azd: ALERT_P95_LATENCY_MS).')
@minValue(1)
param alertP95LatencyMs int = 2000

@description('The per-route alerts ignore a route with fewer requests than this in the window, so a single failure on a quiet route does not page (azd: ALERT_MINIMUM_REQUESTS).')
@minValue(1)
param alertMinimumRequests int = 20

@description('The rate limiter\'s storage alert fires when more sync rounds than this fail in the window; a round is tried about every 250 ms, or every 2 s while storage times out (azd: ALERT_RATE_LIMIT_STORAGE_FAILURES).')
@minValue(0)
param alertRateLimitStorageFailures int = 10

@description('How often each alert rule runs (azd: ALERT_EVALUATION_FREQUENCY).')
@allowed([
  'PT1M'
  'PT5M'
  'PT10M'
  'PT15M'
  'PT30M'
  'PT1H'
])
param alertEvaluationFrequency string = 'PT5M'

@description('How far back each run looks (azd: ALERT_WINDOW_SIZE); at least the frequency. Longer than it, so telemetry that reaches Application Insights a few minutes late is still seen.')
@allowed([
  'PT5M'
  'PT10M'
  'PT15M'
  'PT30M'
  'PT1H'
  'PT2H'
  'PT6H'
])
param alertWindowSize string = 'PT15M'

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
// The orders app: its own identity and its own plan (Flex Consumption allows one app per plan).
var ordersIdentityName = '${abbrs.managedIdentityUserAssignedIdentities}orders-${resourceToken}'
var ordersPlanName = '${abbrs.webServerFarms}orders-${resourceToken}'
var ordersAppName = '${abbrs.webSitesFunctions}orders-${resourceToken}'
// The orders app's package goes in a second container of the same storage account, rather than a second account: its
// identity needs Blob Data Owner on this account anyway (AzureWebJobsStorage and the Durable Functions task hub live
// here), so another account would narrow nothing while adding a resource, its roles and its cost. The two apps share
// the account's host containers safely because their host ids (the first 32 characters of the app name) differ.
var ordersDeploymentContainerName = 'app-package-${take(ordersAppName, 32)}-${take(resourceToken, 7)}'
// Alert rules are named <rule>-<resourceToken> (app/alerts.bicep); their action group:
var actionGroupName = '${abbrs.insightsActionGroups}${resourceToken}'
// The identity-assertion signing key (see core/security/key-vault.bicep and infra/hooks/postprovision.sh).
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var assertionKeySecretName = 'gateway-assertion-key'

// Every table and queue the apps use outside the orders task hub (which Durable Functions creates itself), created up
// front (the apps also create them on first use, which needs the same data roles). Names come from the code:
// ApiKeyOptions.Table, RateLimitingOptions.Table, ProcessedEventStore, OrderProjectionStore, OrderAuditStore,
// HeartbeatRecorderFunction and the orders service's IdempotencyLedger TableName constants; HeartbeatTimerFunction's
// QueueName. A test keeps them in step.
var tables = [
  'ApiKeys'
  'RateLimits'
  'ProcessedEvents'
  'OrderProjections'
  'OrderAudit'
  'GatewayHeartbeats'
  'OrderRequests'
]
// Each queue-triggered queue has its <queue>-poison twin, where the host moves a message that failed
// maxDequeueCount (host.json: 5) times.
var queues = [
  'gateway-heartbeat'
  'gateway-heartbeat-poison'
]

// Service Bus: the topic the orders service publishes to, and one subscription per consumer function
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

module ordersIdentity 'core/identity/user-assigned-identity.bicep' = {
  name: 'orders-identity'
  scope: rg
  params: {
    name: ordersIdentityName
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
      ordersDeploymentContainerName
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

module ordersPlan 'core/host/flex-consumption-plan.bicep' = {
  name: 'orders-plan'
  scope: rg
  params: {
    name: ordersPlanName
    location: location
    tags: tags
  }
}

// The vault and its roles: the gateway reads the signing key through a Key Vault reference; the deployer creates it
// (infra/hooks/postprovision.sh) and may rotate it.
module keyVault 'core/security/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    roleAssignments: concat(
      [
        {
          principalId: identity.outputs.principalId
          principalKey: identityName
          principalType: 'ServicePrincipal'
          roleDefinitionId: builtInRoles.keyVaultSecretsUser
        }
      ],
      empty(principalId)
        ? []
        : [
            {
              principalId: principalId
              principalKey: principalId
              principalType: principalType
              roleDefinitionId: builtInRoles.keyVaultSecretsOfficer
            }
          ]
    )
  }
}

// ---- Role assignments: the gateway's identity ---------------------------------------------------------------------
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

// Service Bus, scoped to the namespace only. The gateway only consumes (the orders service publishes, with its own
// Sender role on the topic). Receiver: the three serviceBusTrigger functions. Owner: for scaling. The Functions Service Bus binding docs list Receiver *and*
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

// ---- Role assignments: the orders app's identity ------------------------------------------------------------------
// Storage, on the account (as the gateway's): AzureWebJobsStorage is the Durable Functions task hub (OrdersHub): blob
// leases and the deployment package (Blob Data Owner), the control and work-item queues (Queue Data Contributor), the
// history and instance tables (Table Data Contributor). Durable Functions creates its tables, queues and containers on
// first use, so the roles cannot be narrowed to entities created here.
module ordersStorageRoles 'core/security/storage-role-assignments.bicep' = {
  name: 'orders-storage-roles'
  scope: rg
  params: {
    principalId: ordersIdentity.outputs.principalId
    principalKey: ordersIdentityName
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

// Service Bus: the app only publishes order events, so Data Sender on the one topic, and nothing on the namespace or
// its subscriptions (no Receiver, no Owner).
module ordersServiceBusRoles 'core/security/service-bus-role-assignments.bicep' = {
  name: 'orders-service-bus-roles'
  scope: rg
  params: {
    principalId: ordersIdentity.outputs.principalId
    principalKey: ordersIdentityName
    principalType: 'ServicePrincipal'
    serviceBusNamespaceName: serviceBusNamespaceName
    topicName: eventsTopicName
    roleDefinitionIds: [
      builtInRoles.serviceBusDataSender
    ]
  }
  dependsOn: [
    serviceBus
  ]
}

module ordersMonitoringRoles 'core/security/app-insights-role-assignments.bicep' = {
  name: 'orders-monitoring-roles'
  scope: rg
  params: {
    principalId: ordersIdentity.outputs.principalId
    principalKey: ordersIdentityName
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

// ---- The function apps and their dashboard -------------------------------------------------------------------------
// Each app's settings name the other app's host name (the gateway's backend URL, the orders app's JWKS URI), so the
// two sites are created first and configured second (app/gateway.bicep, app/orders.bicep). The host names come from
// the sites' properties.defaultHostName rather than '<name>.azurewebsites.net': new apps may get a unique default host
// name (<name>-<hash>.<region>-01.azurewebsites.net), and a sovereign cloud has another suffix.
module gatewaySite 'core/host/function-app.bicep' = {
  name: 'gateway-site'
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
    runtimeName: functionRuntimeName
    runtimeVersion: functionRuntimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The host starts talking to storage, Service Bus and App Insights as soon as the app exists: grant first.
  dependsOn: [
    identity
    storage
    appStorageRoles
    appServiceBusRoles
    appMonitoringRoles
  ]
}

module ordersSite 'core/host/function-app.bicep' = {
  name: 'orders-site'
  scope: rg
  params: {
    name: ordersAppName
    location: location
    tags: union(tags, {
      'azd-service-name': 'orders'
    })
    planId: ordersPlan.outputs.id
    identityName: ordersIdentityName
    storageAccountName: storageAccountName
    deploymentContainerName: ordersDeploymentContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    instanceMemoryMB: ordersInstanceMemoryMB
    maximumInstanceCount: ordersMaximumInstanceCount
  }
  dependsOn: [
    ordersIdentity
    storage
    ordersStorageRoles
    ordersServiceBusRoles
    ordersMonitoringRoles
  ]
}

module gateway 'app/gateway.bicep' = {
  name: 'gateway'
  scope: rg
  params: {
    appName: functionAppName
    identityName: identityName
    storageAccountName: storageAccountName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsName: applicationInsightsName
    heartbeatSchedule: heartbeatSchedule
    ordersHostName: ordersSite.outputs.defaultHostName
    keyVaultName: keyVaultName
    assertionKeySecretName: assertionKeySecretName
  }
  // The Key Vault reference resolves as the gateway's identity: its Secrets User role comes with the vault.
  dependsOn: [
    gatewaySite
    monitoring
    keyVault
  ]
}

module orders 'app/orders.bicep' = {
  name: 'orders'
  scope: rg
  params: {
    appName: ordersAppName
    identityName: ordersIdentityName
    storageAccountName: storageAccountName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsName: applicationInsightsName
    eventsTopicName: eventsTopicName
    gatewayHostName: gatewaySite.outputs.defaultHostName
    inventoryUrl: ordersInventoryUrl
    paymentUrl: ordersPaymentUrl
    shippingUrl: ordersShippingUrl
  }
  dependsOn: [
    ordersSite
    monitoring
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

// Alert rules over the same component (app/alerts.bicep, docs/deployment.md#alerts), and the action group that emails
// alertEmail when it is set.
module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    environmentName: environmentName
    nameSuffix: resourceToken
    actionGroupName: actionGroupName
    alertsEnabled: alertsEnabled
    alertEmail: alertEmail
    alert5xxRatioPercent: alert5xxRatioPercent
    alertP95LatencyMs: alertP95LatencyMs
    alertMinimumRequests: alertMinimumRequests
    alertRateLimitStorageFailures: alertRateLimitStorageFailures
    alertEvaluationFrequency: alertEvaluationFrequency
    alertWindowSize: alertWindowSize
  }
  dependsOn: [
    monitoring
  ]
}

// ---- Outputs: azd stores them in the environment (.azure/<env>/.env) ---------------------------------------------
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = gatewaySite.outputs.name
output SERVICE_GATEWAY_NAME string = gatewaySite.outputs.name
output SERVICE_GATEWAY_ENDPOINT_URL string = gatewaySite.outputs.uri
output SERVICE_ORDERS_NAME string = ordersSite.outputs.name
output SERVICE_ORDERS_ENDPOINT_URL string = ordersSite.outputs.uri
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_ORDERS_IDENTITY_CLIENT_ID string = ordersIdentity.outputs.clientId
// Read by infra/hooks/postprovision.sh, which creates the signing key secret when it does not exist yet.
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output GATEWAY_ASSERTION_KEY_SECRET_NAME string = assertionKeySecretName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_SERVICEBUS_NAMESPACE string = serviceBus.outputs.name
output AZURE_SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_WORKBOOK_ID string = workbook.outputs.id
