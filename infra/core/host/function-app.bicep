// A function app on its own Flex Consumption plan, running as one user-assigned identity, with basic-auth publishing
// off. Both apps (the gateway and the orders service) are sites of this shape; what differs is the runtime stack, the
// deployment container and the app settings.
//
// App settings are deliberately NOT set here: each app's settings are applied afterwards by
// function-app-settings.bicep (a Microsoft.Web/sites/config 'appsettings' resource), because the gateway's settings
// name the orders app's host name and the orders app's settings name the gateway's. Creating both sites first and
// configuring them second breaks that cycle while still reading each host name from the site itself.

@description('Function app name.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource (must include azd-service-name for azd deploy).')
param tags object

@description('Resource id of the app\'s Flex Consumption plan (one app per plan).')
param planId string

@description('Name of the user-assigned identity the app runs as; it also reads the deployment package and resolves Key Vault references.')
param identityName string

@description('Name of the storage account holding the deployment container.')
param storageAccountName string

@description('Blob container holding the deployment package (azd uploads it there).')
param deploymentContainerName string

@description('Flex Consumption runtime stack (functionAppConfig.runtime.name).')
@allowed([
  'custom'
  'dotnet-isolated'
])
param runtimeName string

@description('Runtime version (functionAppConfig.runtime.version): \'1.0\' for custom, \'10.0\' for dotnet-isolated.')
param runtimeVersion string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references in app settings (@Microsoft.KeyVault(...)) resolve as this identity; without it the
    // platform would try a system-assigned identity, which these apps do not have.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }

  // azd deploys with an Entra token (OneDeploy); basic-auth publishing credentials stay off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = app.id
output name string = app.name
// New apps may get a unique default host name (<name>-<hash>.<region>-01.azurewebsites.net) instead of
// <name>.azurewebsites.net, so the other app's settings take this value rather than building the name from a string.
output defaultHostName string = app.properties.defaultHostName
output uri string = 'https://${app.properties.defaultHostName}'
