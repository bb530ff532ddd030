using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Serverless.Gateway.Benchmarks;

/// <summary>The kinds of value the benchmark modes take, each refused with a message naming its option when it is not one.</summary>
public static class ModeOptions
{
    public static Option<int> Positive(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = result => (int)Whole(result, 1, int.MaxValue) };

    public static Option<long> Positive(string name, string description, long defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = result => Whole(result, 1, long.MaxValue) };

    /// <summary>A whole number greater than zero, or <c>none</c>, read as 0 (System.CommandLine cannot parse to null).</summary>
    public static Option<long> PositiveOrNone(string name, string description, long? defaultValue) => new(name)
    {
        Description = description,
        HelpName = "number|none",
        DefaultValueFactory = _ => defaultValue ?? 0,
        CustomParser = result => result.Tokens[0].Value is "none" ? 0 : Whole(result, 1, long.MaxValue),
    };

    public static Option<int> NonNegative(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, CustomParser = result => (int)Whole(result, 0, int.MaxValue) };

    /// <summary>Whole numbers greater than zero separated by commas, e.g. <c>32,128</c>.</summary>
    /// <remarks>Help would show a default list as 32|128, so the description gives it; the value is empty when not given.</remarks>
    public static Option<int[]> PositiveList(string name, string description, IEnumerable<int> defaultValue) => new(name)
    {
        Description = $"{description} [default: {string.Join(',', defaultValue)}]",
        HelpName = "n,n,...",
        CustomParser = result => [.. Items(result).Select(item => (int)Whole(result, item, 1, int.MaxValue))],
    };

    /// <summary>Numbers greater than zero, decimals allowed, separated by commas, e.g. <c>3,6,0.5</c>; empty when not given.</summary>
    public static Option<double[]> FactorList(string name, string description, IEnumerable<double> defaultValue) => new(name)
    {
        Description = $"{description} [default: {string.Join(',', defaultValue.Select(static value => value.ToString(CultureInfo.InvariantCulture)))}]",
        HelpName = "x,x,...",
        CustomParser = result => [.. Items(result).Select(item => Factor(result, item))],
    };

    /// <summary>A file or folder, read from the current directory when relative; its full path, or null when not given.</summary>
    public static Option<string?> Path(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => System.IO.Path.GetFullPath(result.Tokens[0].Value),
    };

    private static string[] Items(ArgumentResult result) => result.Tokens[0].Value.Split(',');

    private static long Whole(ArgumentResult result, long min, long max) => Whole(result, result.Tokens[0].Value, min, max);

    private static long Whole(ArgumentResult result, string text, long min, long max)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{Name(result)} needs a whole number {(min == 0 ? "of zero or more" : "greater than zero")}, not '{text}'.");
        return 0;
    }

    private static double Factor(ArgumentResult result, string text)
    {
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        result.AddError($"{Name(result)} needs numbers greater than zero, not '{text}'.");
        return 0;
    }

    private static string Name(ArgumentResult result) => result.Parent is OptionResult option ? option.Option.Name : result.Argument.Name;
}
