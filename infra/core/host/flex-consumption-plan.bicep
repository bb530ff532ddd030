// A Flex Consumption (FC1) plan: Linux, scale to zero, per-instance memory chosen on the app, billed per execution
// time and memory while instances run (no always-ready instances are configured, so idle costs nothing here).

@description('Plan name.')
param name string

@description('Azure region (must offer Flex Consumption).')
param location string

@description('Tags for the resource.')
param tags object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

output id string = plan.id
output name string = plan.name
