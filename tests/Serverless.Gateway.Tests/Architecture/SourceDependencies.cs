using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Serverless.Gateway.Tests.Architecture;

/// <summary>
/// Every use of a symbol that another file of the same project declares, found by binding the project's sources with
/// Roslyn against the assemblies its own build used: a name counts as what the compiler resolves it to, not as what a
/// using line suggests. Types, members, extension methods, constants (which leave no trace in IL), attributes,
/// <c>nameof</c> and target-typed <c>new()</c> count; using directives (used or not), <c>var</c> and documentation
/// comments do not.
/// </summary>
internal static class SourceDependencies
{
    /// <summary>
    /// Errors that do not leave a name unbound: source generators do not run here, so the partial methods they would
    /// implement ([LoggerMessage], [GeneratedRegex]) have no body. Any other error fails the analysis, since a name
    /// the compiler cannot bind would be a dependency missed.
    /// </summary>
    private static readonly HashSet<string> ToleratedErrors = ["CS8795"];

    /// <summary>The project's cross-file dependencies, from its sources and the build output of the test's configuration.</summary>
    public static IReadOnlyList<SourceDependency> Find(string projectDirectory)
    {
        var project = Path.GetFileName(projectDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var output = Path.Combine(projectDirectory, "bin", configuration, "net10.0");
        var globalUsings = Path.Combine(projectDirectory, "obj", configuration, "net10.0", $"{project}.GlobalUsings.g.cs");
        if (!File.Exists(Path.Combine(output, $"{project}.dll")) || !File.Exists(globalUsings))
        {
            throw new InvalidOperationException($"{project} has no {configuration} build in '{output}'; build the solution first (dotnet build Serverless.sln).");
        }

        var parse = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None);
        var trees = SourceFiles(projectDirectory)
            .Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path)), parse, path))
            .Append(CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(globalUsings)), parse, globalUsings))
            .ToList();
        var compilation = CSharpCompilation.Create(
            project, trees, References(output, project),
            new CSharpCompilationOptions(IsExecutable(projectDirectory, project) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        var errors = new List<Diagnostic>();
        var dependencies = new List<SourceDependency>();
        foreach (var tree in trees.Where(tree => tree.FilePath != globalUsings))
        {
            // One model per file: its diagnostics bind the file, and the walk reuses what they bound.
            var model = compilation.GetSemanticModel(tree);
            errors.AddRange(model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !ToleratedErrors.Contains(d.Id)));
            var file = Relative(projectDirectory, tree.FilePath);
            foreach (var node in tree.GetRoot().DescendantNodes().Where(IsReference))
            {
                var info = model.GetSymbolInfo(node);
                var symbols = info.Symbol is { } bound ? [bound] : info.CandidateSymbols;
                foreach (var symbol in symbols.Select(Declaration).OfType<ISymbol>())
                {
                    foreach (var location in symbol.Locations.Where(location => location.IsInSource && location.SourceTree != tree))
                    {
                        dependencies.Add(new SourceDependency(
                            file, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, Describe(symbol), Relative(projectDirectory, location.SourceTree!.FilePath)));
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"{project} does not bind cleanly here, so its dependencies cannot be trusted ({errors.Count} errors):\n  {string.Join("\n  ", errors.Take(10))}");
        }

        return dependencies;
    }

    private static IEnumerable<string> SourceFiles(string projectDirectory) =>
        Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => Relative(projectDirectory, path).Split('/') is var parts && parts[0] is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal);

    /// <summary>What the build compiled against: the project's output (its packages), then the running framework for the rest.</summary>
    private static List<MetadataReference> References(string output, string project)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. Directory.EnumerateFiles(output, "*.dll").Concat(platform)
            .Where(path => !string.Equals(Path.GetFileNameWithoutExtension(path), project, StringComparison.OrdinalIgnoreCase) && IsManaged(path))
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Select(path => MetadataReference.CreateFromFile(path))];
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static bool IsExecutable(string projectDirectory, string project)
    {
        var root = XDocument.Load(Path.Combine(projectDirectory, $"{project}.csproj")).Root!;
        return root.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web"
            || root.Descendants("OutputType").Any(element => element.Value.Equals("Exe", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Names and target-typed <c>new()</c>, except in using directives and <c>var</c>.</summary>
    private static bool IsReference(SyntaxNode node) => node switch
    {
        IdentifierNameSyntax { IsVar: true } => false,
        SimpleNameSyntax or ImplicitObjectCreationExpressionSyntax => !node.Ancestors().Any(static ancestor => ancestor is UsingDirectiveSyntax),
        _ => false,
    };

    /// <summary>The declared symbol a use binds to: the definition of a generic or an extension method; null for locals, parameters and namespaces.</summary>
    private static ISymbol? Declaration(ISymbol symbol) => symbol switch
    {
        IAliasSymbol alias => Declaration(alias.Target),
        IMethodSymbol { ReducedFrom: { } extension } => extension.OriginalDefinition,
        INamedTypeSymbol or IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.OriginalDefinition,
        _ => null,
    };

    private static string Describe(ISymbol symbol) =>
        symbol is INamedTypeSymbol || symbol.ContainingType is null ? symbol.Name : $"{symbol.ContainingType.Name}.{symbol.Name}";

    private static string Relative(string projectDirectory, string path) =>
        Path.GetRelativePath(projectDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
}
