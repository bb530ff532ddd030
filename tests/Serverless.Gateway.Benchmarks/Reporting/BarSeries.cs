namespace Serverless.Gateway.Benchmarks.Reporting;

/// <summary>One series of a grouped bar chart: a value for each group, in the groups' order.</summary>
public sealed record BarSeries(string Name, string Color, IReadOnlyList<double> Values);
