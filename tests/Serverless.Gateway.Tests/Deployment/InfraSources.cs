using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// Reads infra/ as text for the deployment tests: its files, the one file that declares a resource type, the body of a
/// module or variable declared at the top of a Bicep file, and the name-value pairs of an app settings object.
/// </summary>
internal static partial class InfraSources
{
    public static string Directory => Path.Combine(RepositoryRoot.Find(), "infra");

    public static IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(static file => !Path.GetRelativePath(Directory, file).Split(Path.DirectorySeparatorChar).Any(static part => part is "bin" or "obj"));

    public static IEnumerable<string> BicepFiles() => Files().Where(static file => file.EndsWith(".bicep", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    public static string AllBicep() => string.Join('\n', BicepFiles().Select(File.ReadAllText));

    /// <summary>The text of a file under infra/, e.g. <c>Read("app", "gateway.bicep")</c>.</summary>
    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([Directory, .. path]));

    /// <summary>The text of the one Bicep file that declares (not merely references with <c>existing</c>) a resource of this type.</summary>
    public static string Declaring(string resourceType)
    {
        var declaration = new Regex($@"^resource\s+\w+\s+'{Regex.Escape(resourceType)}@[^']+'\s*=", RegexOptions.Multiline);
        var files = BicepFiles().Select(File.ReadAllText).Where(text => declaration.IsMatch(text)).ToList();
        return Assert.Single(files);
    }

    /// <summary>A line <c>name: value</c>, with an optional trailing comment.</summary>
    public static Regex Property(string name, string value) => new($@"(?m)^\s*{Regex.Escape(name)}\s*:\s*{Regex.Escape(value)}\s*(//.*)?$");

    public static bool HasLiteral(string bicep, string value) => bicep.Contains($"'{value}'", StringComparison.Ordinal);

    public static string Relative(string file) => Path.GetRelativePath(RepositoryRoot.Find(), file);

    /// <summary>
    /// The body of a top-level declaration such as <c>module ordersSite '...' = {</c> or <c>var settings = {</c>: from its
    /// first line to the closing brace at the start of a line.
    /// </summary>
    public static string Block(string bicep, string declaration)
    {
        var start = Regex.Match(bicep, $@"(?m)^{Regex.Escape(declaration)}(?!\w)[^\n]*\{{\s*$");
        Assert.True(start.Success, $"'{declaration}' is not declared.");
        var end = Regex.Match(bicep[start.Index..], @"(?m)^\}");
        Assert.True(end.Success, $"'{declaration}' has no closing brace at the start of a line.");
        return bicep.Substring(start.Index, end.Index + 1);
    }

    /// <summary>The settings of an app settings object (<c>var settings = { Name: 'value' ... }</c>), name to Bicep value expression.</summary>
    public static Dictionary<string, string> Settings(string bicep, string variable)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match setting in SettingLine().Matches(Block(bicep, $"var {variable} =")))
        {
            Assert.True(settings.TryAdd(setting.Groups["name"].Value, setting.Groups["value"].Value.Trim()), $"{setting.Groups["name"].Value} is set twice.");
        }

        Assert.NotEmpty(settings);
        return settings;
    }

    /// <summary>The built-in role names (<c>builtInRoles.x</c>) a module block assigns.</summary>
    public static IReadOnlySet<string> Roles(string block) =>
        BuiltInRole().Matches(block).Select(static match => match.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every top-level module block of main.bicep.</summary>
    public static IEnumerable<(string Symbol, string Block)> Modules(string bicep) =>
        ModuleDeclaration().Matches(bicep).Select(match => (match.Groups[1].Value, Block(bicep, $"module {match.Groups[1].Value}")));

    [GeneratedRegex(@"(?m)^  (?<name>[A-Za-z_][\w.]*)\s*:\s*(?<value>'.*'|[\w.]+(?:\([^\n]*\))?)\s*$")]
    private static partial Regex SettingLine();

    [GeneratedRegex(@"builtInRoles\.(\w+)")]
    private static partial Regex BuiltInRole();

    [GeneratedRegex(@"(?m)^module\s+(\w+)\s+'")]
    private static partial Regex ModuleDeclaration();
}
