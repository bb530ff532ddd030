using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Load;

/// <summary>
/// The two gateway configurations under load. Both route <c>/bench/{**rest}</c> to the backend with the shipped
/// defaults (appsettings.json: Information, with YARP and ASP.NET Core at Warning). One adds what a production route
/// has: an API key, a rate limit and quotas set high enough never to refuse, and telemetry exported over OTLP with the
/// shipped sampling (5 new traces a second), or with every trace kept.
/// </summary>
public static class GatewayBenchSettings
{
    public const string Plan = "bench";

    public static Dictionary<string, string> PoliciesOn(string storage, Uri backend, Uri telemetry, bool everyTrace)
    {
        var settings = Common(storage, backend);
        settings["Gateway:Routes:bench:AuthPolicy"] = "bench";
        settings["Gateway:Routes:bench:RateLimitPolicy"] = "plan";
        settings["Auth:Policies:bench:Require"] = "ApiKey";
        AddUnrefusingPlan(settings);
        if (everyTrace)
        {
            settings["Telemetry:SamplingRatio"] = "1";
        }

        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = telemetry.GetLeftPart(UriPartial.Authority);
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        return settings;
    }

    /// <summary>The origin the CORS target's requests come from, as a browser app's would.</summary>
    public const string CorsOrigin = "https://app.example.com";

    /// <summary>Every policy on, plus CORS for <see cref="CorsOrigin"/>: the requests carry its <c>Origin</c>, so each answer gets the CORS headers.</summary>
    public static Dictionary<string, string> WithCors(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Gateway:Routes:bench:Cors:AllowedOrigins:0"] = CorsOrigin;
        return settings;
    }

    /// <summary>Every policy on, plus the route's access log, written through the shipped logging set-up (console and OTLP).</summary>
    public static Dictionary<string, string> WithAccessLog(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Gateway:Routes:bench:AccessLog"] = "true";
        return settings;
    }

    /// <summary>
    /// How long the cached target's entry stays fresh. The bench backend sends no <c>Cache-Control</c>, so the route's
    /// <c>Duration</c> is the freshness (docs/caching.md); an hour outlasts a full run, so no measured request finds the
    /// entry expired and goes to the backend.
    /// </summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromHours(1);

    /// <summary>Every policy on, plus the route's response cache (memory tier): after the first request, every answer is a hit.</summary>
    public static Dictionary<string, string> WithCache(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Gateway:Routes:bench:Cache:Duration"] = CacheDuration.ToString("c", CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>
    /// Every policy on, plus a canary split of the backend: a second destination (the same backend) as group
    /// <c>canary</c> with 10% of the tenants, the first as <c>stable</c> with 90%. The one tenant sticks to one group,
    /// so every request pays for the decision and the answer is the same backend's.
    /// </summary>
    public static Dictionary<string, string> WithCanary(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Gateway:Backends:backend:Destinations:d1"] = settings["Gateway:Backends:backend:Destinations:d0"];
        settings["Gateway:Backends:backend:Groups:stable:Destinations:0"] = "d0";
        settings["Gateway:Backends:backend:Groups:stable:Weight"] = "90";
        settings["Gateway:Backends:backend:Groups:canary:Destinations:0"] = "d1";
        settings["Gateway:Backends:backend:Groups:canary:Weight"] = "10";
        return settings;
    }

    /// <summary>
    /// Every policy on, plus the signed identity assertion to the backend (docs/identity-assertions.md), with the key a
    /// standalone gateway generates for itself: the caller's assertion is signed once and then served from its cache.
    /// </summary>
    public static Dictionary<string, string> WithIdentityAssertion(Dictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Gateway:Backends:backend:IdentityAssertion"] = "true";
        return settings;
    }

    /// <summary>
    /// Gives the gateway a rate-limit table of its own. The targets share one tenant's key, and in one table they would
    /// be a fleet sharing its counters, each target's figures then depending on what the targets measured before it did
    /// (a gateway whose load resumes waits for the coordinator's grants); this benchmark measures one gateway's cost per
    /// request (the saga benchmark, the saga), and the distributed benchmark and the fleet simulation measure the fleet.
    /// </summary>
    public static Dictionary<string, string> WithOwnLimiter(Dictionary<string, string> settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["RateLimiting:Table"] = "RateLimits" + name;
        return settings;
    }

    /// <summary>Adds the plan <see cref="Plan"/>, with a rate limit and quotas set high enough never to refuse.</summary>
    public static void AddUnrefusingPlan(IDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["RateLimiting:Policies:high:Limit"] = "100000000";
        settings[$"RateLimiting:Plans:{Plan}:RateLimitPolicy"] = "high";
        settings[$"RateLimiting:Plans:{Plan}:DailyQuota"] = "10000000000";
        settings[$"RateLimiting:Plans:{Plan}:MonthlyQuota"] = "100000000000";
    }

    /// <summary>No authentication, no rate limit, no trace sampled and no exporter: the gateway's own pipeline and YARP.</summary>
    public static Dictionary<string, string> PoliciesOff(string storage, Uri backend)
    {
        var settings = Common(storage, backend);
        settings["Telemetry:SamplingRatio"] = "0";
        return settings;
    }

    private static Dictionary<string, string> Common(string storage, Uri backend) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["AzureWebJobsStorage"] = storage,
        ["Gateway:Routes:bench:Path"] = "/bench/{**rest}",
        ["Gateway:Routes:bench:Backend"] = "backend",
        ["Gateway:Backends:backend:Destinations:d0"] = backend.ToString(),

        // The heartbeat timer proves the timer trigger; once a year keeps it out of the measurements.
        ["HeartbeatSchedule"] = "0 0 0 1 1 *",
    };
}
