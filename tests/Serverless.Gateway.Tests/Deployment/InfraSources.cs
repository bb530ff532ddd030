using System.Text.RegularExpressions;
using Serverless.LocalRun.Azurite;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// Reads infra/ as text for the deployment tests: its files, the one file that declares a resource type, the body of a
/// module or variable declared at the top of a Bicep file, the name-value pairs of an app settings object, and the
/// objects of an array variable.
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
    /// The body of a top-level declaration such as <c>module ordersSite '...' = {</c>, <c>var settings = {</c> or
    /// <c>var rules = [</c>: from its first line to the closing brace or bracket at the start of a line.
    /// </summary>
    public static string Block(string bicep, string declaration)
    {
        var start = Regex.Match(bicep, $@"(?m)^{Regex.Escape(declaration)}(?!\w)[^\n]*(?<open>[\{{\[])\s*$");
        Assert.True(start.Success, $"'{declaration}' is not declared.");
        var close = start.Groups["open"].Value == "{" ? "}" : "]";
        var end = Regex.Match(bicep[start.Index..], $@"(?m)^{Regex.Escape(close)}");
        Assert.True(end.Success, $"'{declaration}' has no closing {close} at the start of a line.");
        return bicep.Substring(start.Index, end.Index + 1);
    }

    /// <summary>
    /// The objects of a top-level array declaration (<c>var rules = [ { ... } { ... } ]</c>), each as its properties
    /// written one a line (<c>name: value</c>), name to Bicep value expression.
    /// </summary>
    public static IReadOnlyList<Dictionary<string, string>> Objects(string bicep, string declaration)
    {
        var objects = new List<Dictionary<string, string>>();
        foreach (Match body in ArrayObject().Matches(Block(bicep, declaration)))
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match property in ObjectProperty().Matches(body.Groups["body"].Value))
            {
                Assert.True(properties.TryAdd(property.Groups["name"].Value, property.Groups["value"].Value.Trim()), $"{property.Groups["name"].Value} is set twice.");
            }

            objects.Add(properties);
        }

        Assert.NotEmpty(objects);
        return objects;
    }

    /// <summary>The string literals of a Bicep array written on one line, e.g. <c>['Backend', 'Destination']</c>.</summary>
    public static IReadOnlyList<string> Strings(string bicepArray) =>
        BicepString().Matches(bicepArray).Select(static match => match.Groups["value"].Value).ToList();

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

    [GeneratedRegex(@"(?ms)^  \{\s*$(?<body>.*?)^  \}\s*$")]
    private static partial Regex ArrayObject();

    [GeneratedRegex(@"(?m)^    (?<name>[A-Za-z_]\w*)\s*:\s*(?<value>.+)$")]
    private static partial Regex ObjectProperty();

    [GeneratedRegex(@"'(?<value>(?:[^'\\]|\\.)*)'")]
    private static partial Regex BicepString();

    [GeneratedRegex(@"builtInRoles\.(\w+)")]
    private static partial Regex BuiltInRole();

    [GeneratedRegex(@"(?m)^module\s+(\w+)\s+'")]
    private static partial Regex ModuleDeclaration();
}
