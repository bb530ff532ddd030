// The orders function app's configuration: a .NET 10 isolated-worker app (functions/Serverless.Orders) running the
// order saga on Durable Functions (Azure Storage backend, task hub OrdersHub, fixed in its host.json) and serving
// /orders behind the gateway. Its site is core/host/function-app.bicep (runtime dotnet-isolated 10.0), created from
// main.bicep; this module applies its app settings once both sites exist, since they name the gateway's host name.
//
// Every connection is identity-based through its own user-assigned identity (core/host/function-app-settings.bicep):
// AzureWebJobsStorage is the task hub's storage as well (tables OrdersHubHistory/OrdersHubInstances, queues
// ordershub-control-NN/ordershub-workitems, blob leases; Durable Functions creates them on first use), and
// ServiceBusConnection is where the app publishes order events (topic only; it receives nothing).
//
// The gateway forwards /orders and /orders/** with the path unchanged, so the app must serve them at the root: its
// host.json must set extensions.http.routePrefix to "" (the Functions default would put them under /api).

@description('Name of the orders function app (its site must exist).')
param appName string

@description('Name of the user-assigned identity the app runs as.')
param identityName string

@description('Name of the storage account behind AzureWebJobsStorage (and the Durable Functions task hub).')
param storageAccountName string

@description('Host name of the Service Bus namespace (<name>.servicebus.windows.net).')
param serviceBusFullyQualifiedNamespace string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('The Service Bus topic the app publishes order events to.')
param eventsTopicName string

@description('Default host name of the gateway function app (its site\'s properties.defaultHostName).')
param gatewayHostName string

@description('Base URL of the inventory service (saga step 1). Empty leaves the saga unable to start.')
param inventoryUrl string

@description('Base URL of the payment service (saga step 2). Empty leaves the saga unable to start.')
param paymentUrl string

@description('Base URL of the shipping service (saga step 3). Empty leaves the saga unable to start.')
param shippingUrl string

var settings = {
  Orders__Events__Transport: 'ServiceBus'
  Orders__Events__Topic: eventsTopicName
  // The saga's participants. The app refuses to start a saga while any of them is empty: set them with
  // `azd env set ORDERS_INVENTORY_URL https://...` (and ORDERS_PAYMENT_URL, ORDERS_SHIPPING_URL), then `azd provision`.
  Orders__Participants__Inventory: inventoryUrl
  Orders__Participants__Payment: paymentUrl
  Orders__Participants__Shipping: shippingUrl
  // Requests reach this app through the gateway, which signs an identity assertion (ES256 JWT) per request; the app
  // verifies it with the gateway's public keys. Issuer and audience are the values the gateway signs with.
  Orders__Gateway__JwksUri: 'https://${gatewayHostName}/.well-known/jwks.json'
  Orders__Gateway__Issuer: 'serverless-gateway'
  Orders__Gateway__Audience: 'orders'
}

module appSettings '../core/host/function-app-settings.bicep' = {
  name: 'orders-app-settings'
  params: {
    appName: appName
    identityName: identityName
    storageAccountName: storageAccountName
    serviceBusFullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    applicationInsightsName: applicationInsightsName
    settings: settings
  }
}
