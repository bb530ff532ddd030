// An action group that emails its receivers when an alert rule it is attached to fires or resolves. Action groups are
// global resources. Azure emails each address once when it is added to the group.

@description('Action group name.')
param name string

@description('Name shown in the emails (at most 12 characters).')
@maxLength(12)
param shortName string

@description('Tags for the resource.')
param tags object

@description('Email addresses to notify, at least one.')
@minLength(1)
param emails string[]

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  location: 'global'
  tags: tags
  properties: {
    enabled: true
    groupShortName: shortName
    emailReceivers: [for (email, i) in emails: {
      name: 'email-${i}'
      emailAddress: email
      useCommonAlertSchema: true
    }]
  }
}

output id string = actionGroup.id
output name string = actionGroup.name
