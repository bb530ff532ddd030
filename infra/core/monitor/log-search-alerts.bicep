// Log search alert rules (scheduled query rules) over one resource, e.g. an Application Insights component, whose
// tables the queries read. Each rule runs its query every evaluationFrequency over the last windowSize, aggregates a
// numeric column of the result (per dimension value, when it names dimensions) and compares it with its threshold.
// Rules are stateful: an alert fires once and resolves by itself when the condition no longer holds.

@export()
@description('One log search alert rule.')
type logSearchAlert = {
  @description('Stable id of the rule, part of its resource name, e.g. route-5xx-ratio.')
  name: string

  @description('Title shown in the portal and in notifications.')
  displayName: string

  @description('What firing means and what to do.')
  description: string

  @description('0 Critical, 1 Error, 2 Warning, 3 Informational, 4 Verbose.')
  @minValue(0)
  @maxValue(4)
  severity: int

  @description('KQL over the scope\'s tables. Its result needs a timestamp column, the measure column and one column per dimension.')
  query: string

  @description('Numeric column of the result the condition aggregates.')
  measure: string

  @description('How the measure is aggregated over the window, per dimension value.')
  aggregation: 'Average' | 'Maximum' | 'Minimum' | 'Total'

  @description('How the aggregated measure is compared with the threshold.')
  operator: 'GreaterThan' | 'GreaterThanOrEqual' | 'LessThan' | 'LessThanOrEqual'

  threshold: int

  @description('Columns of the result to split by: one alert per value (or combination of values).')
  dimensions: string[]
}

@description('Azure region of the rules (the scope\'s).')
param location string

@description('Tags for the resources.')
param tags object

@description('Resource id of what the queries read: an Application Insights component or a Log Analytics workspace.')
param scopeId string

@description('Appended to each rule\'s name to make its resource name (several environments can share a resource group).')
param nameSuffix string

@description('Appended to each rule\'s display name, e.g. the environment.')
param displayNameSuffix string

@description('The rules.')
param rules logSearchAlert[]

@description('Whether the rules run. False keeps them, disabled.')
param enabled bool

@description('How often each rule runs (ISO 8601 duration).')
param evaluationFrequency string

@description('How far back each run looks (ISO 8601 duration); longer than evaluationFrequency so rows that arrive late are still seen.')
param windowSize string

@description('Action groups notified when a rule fires or resolves; empty notifies no one (alerts still show in Azure Monitor).')
param actionGroupIds string[]

resource rule 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [for rule in rules: {
  name: '${rule.name}-${nameSuffix}'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: '${rule.displayName}${displayNameSuffix}'
    description: rule.description
    severity: rule.severity
    enabled: enabled
    scopes: [
      scopeId
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    criteria: {
      allOf: [
        {
          query: rule.query
          metricMeasureColumn: rule.measure
          timeAggregation: rule.aggregation
          operator: rule.operator
          threshold: rule.threshold
          dimensions: map(rule.dimensions, dimension => {
            name: dimension
            operator: 'Include'
            values: [
              '*'
            ]
          })
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: actionGroupIds
    }
  }
}]
