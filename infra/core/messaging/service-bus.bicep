// The Service Bus namespace carrying order events: one topic, one subscription per downstream function.
// Standard tier (topics need it). disableLocalAuth: true turns off SAS keys, so clients authenticate with Entra ID only
// (the app's managed identity, through ServiceBusConnection__fullyQualifiedNamespace / __credential / __clientId).

@description('Namespace name (6-50 characters).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

@description('The topic the saga publishes order events to.')
param topicName string

@description('One subscription per consuming function.')
param subscriptions string[]

@description('Deliveries of a message before Service Bus moves it to the subscription\'s dead-letter queue.')
@minValue(1)
param maxDeliveryCount int = 10

@description('How long a consumer holds a message before it becomes visible again (ISO 8601; at most PT5M).')
param lockDuration string = 'PT1M'

@description('How long an undelivered message lives before it expires (and is dead-lettered).')
param defaultMessageTimeToLive string = 'P14D'

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource topic 'topics' = {
    name: topicName
    properties: {
      defaultMessageTimeToLive: defaultMessageTimeToLive
      enableBatchedOperations: true
      supportOrdering: false
    }

    resource subscription 'subscriptions' = [for subscription in subscriptions: {
      name: subscription
      properties: {
        maxDeliveryCount: maxDeliveryCount
        lockDuration: lockDuration
        defaultMessageTimeToLive: defaultMessageTimeToLive
        deadLetteringOnMessageExpiration: true
        deadLetteringOnFilterEvaluationExceptions: true
        enableBatchedOperations: true
        requiresSession: false
      }
    }]
  }
}

output id string = namespace.id
output name string = namespace.name
// serviceBusEndpoint is https://<namespace>.<cloud's Service Bus suffix>:443/; the host name is what
// <Connection>__fullyQualifiedNamespace expects. Derived, not hard-coded, so sovereign clouds work too.
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
