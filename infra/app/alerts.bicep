// The gateway's and the orders app's alert rules: log search alerts over the Application Insights component (its
// classic tables: requests, customMetrics), one query per rule in alerts/<rule>.kql beside this file, and an action
// group that emails alertEmail. docs/deployment.md#alerts says what each rule means and what to do.
//
// Every query reads what the apps emit: ASP.NET Core's http.server.request.duration metric and request spans, and the
// apps' own metrics (gateway.circuit.transitions, gateway.policy.refusals, gateway.ratelimit.storage_failures,
// events.consumed, orders.saga.outcomes). Metrics are never sampled, so the rules that count events count all of them.
// A test (tests/.../Deployment/AlertRulesTests.cs) checks the names against the code.

import { logSearchAlert } from '../core/monitor/log-search-alerts.bicep'

@description('Azure region of the rules.')
param location string

@description('Tags for the resources.')
param tags object

@description('Name of the Application Insights component the rules query.')
param applicationInsightsName string

@description('Name of the azd environment, shown in each rule\'s display name.')
param environmentName string

@description('Appended to each rule\'s name to make its resource name.')
param nameSuffix string

@description('Name of the action group created when alertEmail is set.')
param actionGroupName string

@description('Whether the rules run. False keeps them, disabled (deleting the module would leave them running).')
param alertsEnabled bool

@description('Email address notified when an alert fires or resolves; several separated by commas. Empty creates no action group: alerts still fire and show in Azure Monitor, but no one is emailed.')
param alertEmail string

@description('A route alerts when more than this percentage of its responses are 5xx over the window.')
@minValue(1)
@maxValue(100)
param alert5xxRatioPercent int

@description('A route alerts when its 95th percentile response time over the window exceeds this many milliseconds.')
@minValue(1)
param alertP95LatencyMs int

@description('The per-route rules ignore a route with fewer requests than this in the window.')
@minValue(1)
param alertMinimumRequests int

@description('The limiter\'s storage alert fires when more sync rounds than this fail in the window.')
@minValue(0)
param alertRateLimitStorageFailures int

@description('How often each rule runs (ISO 8601 duration).')
param alertEvaluationFrequency string

@description('How far back each run looks (ISO 8601 duration).')
param alertWindowSize string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var alertEmails = filter(map(split(alertEmail, ','), email => trim(email)), email => !empty(email))

module actionGroup '../core/monitor/action-group.bicep' = if (!empty(alertEmails)) {
  name: 'alert-action-group'
  params: {
    name: actionGroupName
    shortName: 'serverless'
    tags: tags
    emails: alertEmails
  }
}

// The Functions host invokes each queue, timer and Service Bus function of the gateway as POST /<Function>
// (Functions/FunctionEndpointRouteBuilderExtensions.cs): requests, but not API traffic. A test keeps the list in step
// with the gateway's functions.
var functionRoutes = [
  '/HeartbeatRecorder'
  '/HeartbeatTimer'
  '/OrderAudit'
  '/OrderNotifications'
  '/OrderProjection'
  '/ProcessedEventsCleanup'
]

// Put before the per-route queries, which use both names.
var routeQueryHeader = 'let minimumRequests = ${alertMinimumRequests};\nlet functionRoutes = dynamic([${join(map(functionRoutes, route => '\'${route}\''), ', ')}]);\n'

var rules logSearchAlert[] = [
  {
    name: 'route-5xx-ratio'
    displayName: 'Gateway: 5xx responses on a route'
    description: 'More than ${alert5xxRatioPercent}% of a route\'s responses were 5xx over the last ${alertWindowSize} (routes with at least ${alertMinimumRequests} requests). Look at the route\'s errors by backend in the workbook: a failing backend, an open circuit or the gateway\'s own 502/503/504 answers (gateway.proxy.errors).'
    severity: 1
    query: '${routeQueryHeader}${loadTextContent('alerts/route-5xx-ratio.kql')}'
    measure: 'ServerErrorPercent'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: alert5xxRatioPercent
    dimensions: ['Route']
  }
  {
    name: 'route-p95-latency'
    displayName: 'Gateway: slow route (p95)'
    description: 'A route\'s 95th percentile response time exceeded ${alertP95LatencyMs} ms over the last ${alertWindowSize} (routes with at least ${alertMinimumRequests} requests, from sampled request spans). See the slowest requests in the workbook: backend time, retries, or cold starts.'
    severity: 2
    query: '${routeQueryHeader}${loadTextContent('alerts/route-p95-latency.kql')}'
    measure: 'P95Ms'
    aggregation: 'Maximum'
    operator: 'GreaterThan'
    threshold: alertP95LatencyMs
    dimensions: ['Route']
  }
  {
    name: 'circuit-opened'
    displayName: 'Gateway: circuit opened'
    description: 'A backend destination\'s circuit breaker opened: it failed often enough to leave the rotation for its break duration. Check that backend; the circuit closes by itself once a probe succeeds.'
    severity: 2
    query: loadTextContent('alerts/circuit-opened.kql')
    measure: 'Openings'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: ['Backend', 'Destination']
  }
  {
    name: 'rate-limit-unavailable'
    displayName: 'Gateway: requests refused with rate_limit_unavailable'
    description: 'A fail-closed rate-limit policy or quota could not be checked because the limiter\'s storage is unavailable, so the gateway answered 503 rate_limit_unavailable. Check the storage account (docs/operations.md#storage-outages).'
    severity: 1
    query: loadTextContent('alerts/rate-limit-unavailable.kql')
    measure: 'Refused'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: ['Route']
  }
  {
    name: 'rate-limit-storage-failures'
    displayName: 'Gateway: rate-limit storage failing'
    description: 'More than ${alertRateLimitStorageFailures} sync rounds of the rate limiter failed or timed out against Table Storage over the last ${alertWindowSize}. Fail-open limits are decided locally meanwhile; fail-closed ones refuse requests. Check the storage account (docs/operations.md#storage-outages).'
    severity: 2
    query: loadTextContent('alerts/rate-limit-storage-failures.kql')
    measure: 'Failures'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: alertRateLimitStorageFailures
    dimensions: []
  }
  {
    name: 'events-dead-lettered'
    displayName: 'Gateway: order events dead-lettered'
    description: 'A consumer failed on an order event\'s last delivery and the message was dead-lettered. Inspect and replay it (docs/operations.md#dead-letters).'
    severity: 2
    query: loadTextContent('alerts/events-dead-lettered.kql')
    measure: 'DeadLettered'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: ['Consumer']
  }
  {
    name: 'orders-needs-attention'
    displayName: 'Orders: order needs attention'
    description: 'An order\'s saga stopped in NeedsAttention: a compensation failed beyond its retry budget. Find the order, fix the failing service and retry it (docs/operations.md#orders-that-need-attention).'
    severity: 1
    query: loadTextContent('alerts/orders-needs-attention.kql')
    measure: 'Orders'
    aggregation: 'Total'
    operator: 'GreaterThan'
    threshold: 0
    dimensions: []
  }
]

module alertRules '../core/monitor/log-search-alerts.bicep' = {
  name: 'alert-rules'
  params: {
    location: location
    tags: tags
    scopeId: applicationInsights.id
    nameSuffix: nameSuffix
    displayNameSuffix: ' (${environmentName})'
    rules: rules
    enabled: alertsEnabled
    evaluationFrequency: alertEvaluationFrequency
    windowSize: alertWindowSize
    actionGroupIds: empty(alertEmails) ? [] : [actionGroup!.outputs.id]
  }
}
