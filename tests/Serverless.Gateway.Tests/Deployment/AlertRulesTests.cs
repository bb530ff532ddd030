using System.Text.RegularExpressions;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Problems;
using Serverless.Gateway.Telemetry;
using static Serverless.Gateway.Tests.Deployment.AppTelemetry;
using static Serverless.Gateway.Tests.Deployment.InfraSources;
using static Serverless.Gateway.Tests.Deployment.KqlText;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// The alert rules in infra/app/alerts.bicep, one query per rule in infra/app/alerts/&lt;rule&gt;.kql, deployed as log
/// search alerts over the Application Insights component: every rule issue 14 asks for exists, each query reads only
/// tables the apps send to and metric names, dimension keys and values their code writes, the per-route rules split by
/// route, and the thresholds and the email come from parameters azd can set.
/// </summary>
public sealed partial class AlertRulesTests
{
    /// <summary>The rules issue 14 asks for, by the names docs and the rules' resource names rely on.</summary>
    private static readonly string[] RequiredRules =
    [
        "route-5xx-ratio",
        "route-p95-latency",
        "circuit-opened",
        "rate-limit-unavailable",
        "rate-limit-storage-failures",
        "events-dead-lettered",
        "orders-needs-attention",
    ];

    /// <summary>The rules evaluated per route: split by the Route column, over the gateway's own requests.</summary>
    private static readonly string[] PerRouteRules = ["route-5xx-ratio", "route-p95-latency"];

    /// <summary>The alert parameters main.bicep takes, each with the azd environment variable that sets it and its default.</summary>
    private static readonly (string Parameter, string Variable, string Default)[] Parameters =
    [
        ("alertsEnabled", "ALERTS_ENABLED", "true"),
        ("alertEmail", "ALERT_EMAIL", "''"),
        ("alert5xxRatioPercent", "ALERT_5XX_RATIO_PERCENT", "5"),
        ("alertP95LatencyMs", "ALERT_P95_LATENCY_MS", "2000"),
        ("alertMinimumRequests", "ALERT_MINIMUM_REQUESTS", "20"),
        ("alertRateLimitStorageFailures", "ALERT_RATE_LIMIT_STORAGE_FAILURES", "10"),
        ("alertEvaluationFrequency", "ALERT_EVALUATION_FREQUENCY", "'PT5M'"),
        ("alertWindowSize", "ALERT_WINDOW_SIZE", "'PT15M'"),
    ];

    private static string AlertsBicep => Read("app", "alerts.bicep");

    private static string AlertsDirectory => Path.Combine(InfraSources.Directory, "app", "alerts");

    [Fact]
    public void Every_rule_the_issue_asks_for_is_defined_with_a_query_file_of_its_own()
    {
        var rules = Rules();
        var names = rules.Select(static rule => rule.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        var missing = RequiredRules.Except(names, StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Alert rules missing from infra/app/alerts.bicep: {string.Join(", ", missing)}.");

        foreach (var rule in rules)
        {
            Assert.True(rule.QueryFile == $"alerts/{rule.Name}.kql", $"{rule.Name}: its query must be loadTextContent('alerts/{rule.Name}.kql'), not {rule.QueryFile}.");
            Assert.False(string.IsNullOrWhiteSpace(rule.Query), $"{rule.Name}: {rule.QueryFile} is empty.");
            Assert.Matches(@"^'[^']+'$", rule.Properties["displayName"]);
            Assert.Matches(@"^'.+'$", rule.Properties["description"]);
            Assert.Matches(@"^[0-4]$", rule.Properties["severity"]);
        }

        // No query file is left without its rule.
        var files = System.IO.Directory.EnumerateFiles(AlertsDirectory, "*.kql").Select(static file => $"alerts/{Path.GetFileName(file)}");
        var orphans = files.Except(rules.Select(static rule => rule.QueryFile), StringComparer.Ordinal).ToList();
        Assert.True(orphans.Count == 0, $"Query files no rule loads: {string.Join(", ", orphans)}.");

        // The rules reach Azure: main.bicep deploys the module, which hands them to the scheduled query rules.
        Assert.Contains("'app/alerts.bicep'", Block(Read("main.bicep"), "module alerts"), StringComparison.Ordinal);
        Assert.Matches(Property("rules", "rules"), Block(AlertsBicep, "module alertRules"));
        Assert.Contains("'Microsoft.Insights/scheduledQueryRules@", Declaring("Microsoft.Insights/scheduledQueryRules"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_query_reads_the_application_insights_tables_and_returns_its_measure_and_dimensions()
    {
        // The rules' scope is the component, whose tables are the classic ones.
        Assert.Matches(Property("scopeId", "applicationInsights.id"), Block(AlertsBicep, "module alertRules"));

        foreach (var rule in Rules())
        {
            Assert.True(ClassicTables.Any(table => ReadsTable(rule.Query, table)), $"{rule.Name}: reads none of {string.Join(", ", ClassicTables)}.");
            var workspaceTable = WorkspaceTables.FirstOrDefault(table => ReadsTable(rule.Query, table));
            Assert.True(workspaceTable is null, $"{rule.Name}: reads {workspaceTable}, a workspace table; the rules' scope is the Application Insights component.");
            Assert.True(
                !ReadsTable(rule.Query, "customMetrics") || MetricNames(rule.Query).Count > 0,
                $"{rule.Name}: reads customMetrics without a `name == '...'` filter.");

            // The result has a timestamp (the alert bins by it), the measure the condition aggregates and each dimension.
            var columns = ProjectedColumns(rule.Query);
            Assert.True(columns.Count > 0 && columns[0] == "timestamp", $"{rule.Name}: the last `| project` must start with timestamp, not {string.Join(", ", columns)}.");
            Assert.True(columns.Contains(rule.Measure), $"{rule.Name}: the result has no column {rule.Measure} (measure); it has {string.Join(", ", columns)}.");
            var absent = rule.Dimensions.Where(dimension => !columns.Contains(dimension)).ToList();
            Assert.True(absent.Count == 0, $"{rule.Name}: dimensions {string.Join(", ", absent)} are not columns of the result ({string.Join(", ", columns)}).");
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Every_metric_an_alert_queries_is_one_the_apps_export()
    {
        var queried = Rules()
            .SelectMany(static rule => MetricNames(rule.Query).Select(metric => (rule.Name, Metric: metric)))
            .ToList();
        Assert.NotEmpty(queried);

        var exported = await ExportedMetricNamesAsync();

        var unknown = queried.Where(query => !exported.Contains(query.Metric)).Select(static query => $"{query.Name}: {query.Metric}").ToList();
        Assert.True(
            unknown.Count == 0,
            $"Alert rules query metrics no function app exports: {string.Join(", ", unknown)}. " +
            $"They export: {string.Join(", ", exported.Order(StringComparer.Ordinal))}.");
    }

    [Fact]
    public void Every_dimension_key_and_value_an_alert_filters_on_is_one_the_apps_write()
    {
        var literals = StringLiterals();
        var enumMembers = EnumMembers();
        var findings = new List<string>();
        foreach (var rule in Rules())
        {
            findings.AddRange(DimensionKeys(rule.Query)
                .Where(key => !literals.Contains(key) && !AspNetCoreRequestAttributes.Contains(key))
                .Select(key => $"{rule.Name}: customDimensions['{key}'] is no tag the apps or ASP.NET Core write"));
            findings.AddRange(ComparedValues(rule.Query)
                .Where(comparison => !literals.Contains(comparison.Value) && !enumMembers.Contains(comparison.Value))
                .Select(comparison => $"{rule.Name}: {comparison.Operand} is compared with '{comparison.Value}', a value the apps never write"));
        }

        Assert.True(findings.Count == 0, string.Join('\n', findings));

        // The values the issue names, written by the code the alerts watch.
        Assert.Contains($"'{ProblemCodes.RateLimitUnavailable}'", Rule("rate-limit-unavailable").Query, StringComparison.Ordinal);
        Assert.Contains("'dead_lettered'", Rule("events-dead-lettered").Query, StringComparison.Ordinal);
        Assert.Contains("'NeedsAttention'", Rule("orders-needs-attention").Query, StringComparison.Ordinal);
        Assert.Contains("'open'", Rule("circuit-opened").Query, StringComparison.Ordinal);
    }

    [Fact]
    public void The_per_route_rules_split_by_route_over_the_gateways_own_api_requests()
    {
        var header = RouteQueryHeader();
        foreach (var name in PerRouteRules)
        {
            var rule = Rule(name);
            Assert.Equal(new[] { "Route" }, rule.Dimensions);
            Assert.Contains("${routeQueryHeader}", rule.Properties["query"], StringComparison.Ordinal);
            Assert.Matches(@"\bby Route\b", rule.Query);

            // The gateway's cloud role is its OpenTelemetry service name, which nothing in infra/ overrides.
            Assert.Contains($"cloud_RoleName == '{new TelemetryOptions().ServiceName}'", rule.Query, StringComparison.Ordinal);

            // Quiet routes and the Functions host's own invocations are left out, with names the header defines.
            Assert.Matches(@"Requests >= minimumRequests\b", rule.Query);
            Assert.Matches(@"\bin \(functionRoutes\)", rule.Query);
        }

        Assert.Contains("let minimumRequests = ${alertMinimumRequests};", header, StringComparison.Ordinal);
        Assert.Contains("let functionRoutes = dynamic([", header, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"OTEL_SERVICE_NAME|Telemetry__ServiceName", AllBicep());

        // Every function the host invokes as POST /<Function> is left out, and nothing else.
        var invoked = GatewayFunctionCatalog.Default.InvokedFunctions.Select(static function => $"/{function.Name}").Order(StringComparer.Ordinal);
        Assert.Equal(invoked, Strings(Block(AlertsBicep, "var functionRoutes =")).Order(StringComparer.Ordinal));

        Assert.Equal("alert5xxRatioPercent", Rule("route-5xx-ratio").Properties["threshold"]);
        Assert.Equal("alertP95LatencyMs", Rule("route-p95-latency").Properties["threshold"]);
    }

    [Fact]
    public void Thresholds_switch_and_email_are_parameters_with_defaults_that_azd_can_set()
    {
        var main = Read("main.bicep");
        var module = Block(main, "module alerts");
        var parameters = Read("main.parameters.json");
        foreach (var (parameter, variable, defaultValue) in Parameters)
        {
            Assert.Matches($@"(?m)^param {parameter} \w+ = {Regex.Escape(defaultValue)}\s*$", main);
            Assert.Matches(Property(parameter, parameter), module);
            Assert.Matches($@"(?m)^param {parameter} \w+\s*$", AlertsBicep);
            Assert.Matches($@"""{parameter}"": \{{\s*""value"": ""\$\{{{variable}(=[^}}]*)?\}}""", parameters);
        }

        // Every alert parameter of main.bicep is one of these.
        var declared = AlertParameter().Matches(main).Select(static match => match.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(Parameters.Select(static parameter => parameter.Parameter).Order(StringComparer.Ordinal), declared);

        // The switch disables the rules rather than dropping them, which would leave deployed rules running.
        var rulesModule = Block(AlertsBicep, "module alertRules");
        Assert.Matches(Property("enabled", "alertsEnabled"), rulesModule);
        Assert.Matches(Property("enabled", "enabled"), Declaring("Microsoft.Insights/scheduledQueryRules"));
        Assert.Matches(Property("actionGroups", "actionGroupIds"), Declaring("Microsoft.Insights/scheduledQueryRules"));
        Assert.Matches(Property("windowSize", "alertWindowSize"), rulesModule);
        Assert.Matches(Property("evaluationFrequency", "alertEvaluationFrequency"), rulesModule);
    }

    [Fact]
    public void The_action_group_emails_the_alert_email_and_every_rule_notifies_it()
    {
        // The addresses come from alertEmail; without one there is no action group and the rules notify no one.
        Assert.Matches(@"(?m)^var alertEmails = .*\bsplit\(alertEmail, ','\)", AlertsBicep);
        var actionGroup = Block(AlertsBicep, "module actionGroup");
        Assert.Contains("'../core/monitor/action-group.bicep' = if (!empty(alertEmails))", actionGroup, StringComparison.Ordinal);
        Assert.Matches(Property("emails", "alertEmails"), actionGroup);
        Assert.Matches(Property("actionGroupIds", "empty(alertEmails) ? [] : [actionGroup!.outputs.id]"), Block(AlertsBicep, "module alertRules"));

        var group = Declaring("Microsoft.Insights/actionGroups");
        Assert.Matches(@"emailReceivers: \[for \(email, i\) in emails: \{", group);
        Assert.Matches(Property("emailAddress", "email"), group);
        Assert.Matches(Property("useCommonAlertSchema", "true"), group);
    }

    private static List<AlertRule> Rules() => Objects(AlertsBicep, "var rules").Select(static properties =>
    {
        var name = Unquote(properties["name"]);
        var files = LoadedFile().Matches(properties["query"]).Select(static match => match.Groups["path"].Value).ToList();
        Assert.True(files.Count == 1, $"{name}: the query must load exactly one .kql file, not {properties["query"]}.");
        var path = Path.Combine([InfraSources.Directory, "app", .. files[0].Split('/')]);
        return new AlertRule(name, files[0], File.Exists(path) ? File.ReadAllText(path) : "", Unquote(properties["measure"]), Strings(properties["dimensions"]), properties);
    }).ToList();

    private static AlertRule Rule(string name) => Assert.Single(Rules(), rule => rule.Name == name);

    /// <summary>The Bicep string put before the per-route queries.</summary>
    private static string RouteQueryHeader()
    {
        var declaration = Regex.Match(AlertsBicep, @"(?m)^var routeQueryHeader = '(?<value>.*)'\s*$");
        Assert.True(declaration.Success, "alerts.bicep declares no routeQueryHeader on one line.");
        return declaration.Groups["value"].Value;
    }

    private static string Unquote(string bicepString)
    {
        Assert.Matches(@"^'.*'$", bicepString);
        return bicepString[1..^1];
    }

    [GeneratedRegex(@"loadTextContent\('(?<path>[^']+)'\)")]
    private static partial Regex LoadedFile();

    [GeneratedRegex(@"(?m)^param (alert\w*) ")]
    private static partial Regex AlertParameter();

    private sealed record AlertRule(
        string Name, string QueryFile, string Query, string Measure, IReadOnlyList<string> Dimensions, IReadOnlyDictionary<string, string> Properties);
}
