using Serverless.Gateway.Telemetry;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>What every canary rollback reports to: the registry <c>/readyz</c> reads, the metric, the log, the clock.</summary>
internal sealed record CanaryRollbackContext(CanaryRollbacks Rollbacks, GatewayMetrics Metrics, ILogger Logger, TimeProvider Time);
