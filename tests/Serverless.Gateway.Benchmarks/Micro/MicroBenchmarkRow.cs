namespace Serverless.Gateway.Benchmarks.Micro;

/// <summary>One benchmark's result; times in nanoseconds per operation.</summary>
/// <param name="Class">The benchmark class, e.g. <c>ApiKeyCheckBenchmarks</c>.</param>
/// <param name="Method">The benchmark method, e.g. <c>ValidCachedKey</c>.</param>
/// <param name="MeanNanoseconds">The mean time per operation.</param>
/// <param name="ErrorNanoseconds">Half the 99.9% confidence interval of the mean, BenchmarkDotNet's "Error".</param>
/// <param name="StandardDeviationNanoseconds">The standard deviation of the iterations.</param>
/// <param name="AllocatedBytes">Bytes allocated per operation; null when BenchmarkDotNet could not tell.</param>
public sealed record MicroBenchmarkRow(
    string Class, string Method, double MeanNanoseconds, double ErrorNanoseconds, double StandardDeviationNanoseconds, long? AllocatedBytes)
{
    private const string ClassSuffix = "Benchmarks";

    /// <summary>A short label for tables and charts, e.g. <c>ApiKeyCheck.ValidCachedKey</c>.</summary>
    public string Name => $"{(Class.EndsWith(ClassSuffix, StringComparison.Ordinal) ? Class[..^ClassSuffix.Length] : Class)}.{Method}";
}
