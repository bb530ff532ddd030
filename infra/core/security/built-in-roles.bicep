// Built-in Azure role definition ids used by this deployment: data-plane roles only, each scoped to one resource.
// No Owner (8e3af657-...), Contributor (b24988ac-...) or other control-plane role is ever assigned.
// Ids from https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (they are the same in every tenant).

@export()
@description('Built-in role definition ids (GUIDs).')
var builtInRoles = {
  // Read, write, delete blobs and containers, and set their ACLs/leases. The Functions host needs Owner rather than
  // Contributor on AzureWebJobsStorage (host locks, timer leases, keys), and Flex Consumption reads the deployment
  // package container with it.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Read, add, update, delete queue messages, and create queues (queue triggers, outputs, poison queues).
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Read, write, delete tables and entities (API keys, rate limits, sagas, projections, audit, heartbeats).
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Send messages to queues and topics.
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  // Receive messages from queues and subscriptions.
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  // Full data-plane access to the namespace's entities, including reading their runtime properties (message counts).
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
  // Publish metrics (and, with local auth disabled, all telemetry) to Application Insights / Azure Monitor.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Read secret contents (Key Vault references resolve with it). No writes, no listing of other object types.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Create, update, read and delete secrets, without managing access: the deployer's postprovision hook creates the
  // signing key with it.
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}
