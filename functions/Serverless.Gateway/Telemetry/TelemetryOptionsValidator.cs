using System.Globalization;
using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Telemetry;

/// <summary>
/// Checks the sampling settings when the gateway starts. Out of range, the samplers would throw when the first trace
/// starts, or sample nothing, long after start-up said all was well.
/// </summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SamplingRatio is { } ratio && !(ratio is >= 0 and <= 1))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.SamplingRatio)}: {Format(ratio)} is out of range: use a share of traces from 0 to 1 (1 keeps every trace).");
        }

        if (!(options.TracesPerSecond is >= 0 and <= TelemetryOptions.MaxTracesPerSecond))
        {
            failures.Add($"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.TracesPerSecond)}: {Format(options.TracesPerSecond)} is out of range: use from 0 to {Format(TelemetryOptions.MaxTracesPerSecond)} traces a second.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
