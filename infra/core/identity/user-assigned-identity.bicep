// The gateway's user-assigned managed identity. User-assigned (not system-assigned) so role assignments can be made
// before the function app exists, and so every identity-based connection names it by client id (`__clientId`).

@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
