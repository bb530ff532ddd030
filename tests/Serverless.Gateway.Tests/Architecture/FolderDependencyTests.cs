using System.Xml.Linq;
using Serverless.LocalRun.Azurite;
using Xunit.Abstractions;

namespace Serverless.Gateway.Tests.Architecture;

/// <summary>
/// The gateway's top-level folders (one concept each, namespaces following them) depend on each other in one direction
/// only: each layer below uses nothing above it, and Hosting, the composition root, wires them. Dependencies are what
/// the compiler binds in the real sources (<see cref="SourceDependencies"/>); a subfolder counts as its top-level folder.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    /// <summary>The gateway's layers, lowest first: a folder may use the folders of the layers below its own, nothing else.</summary>
    private static readonly IReadOnlyList<IReadOnlyList<string>> GatewayLayers =
    [
        // What everything shares: telemetry names and instruments and the access-log record (which Problem Details
        // record their code in), then Problem Details and configuration binding and its errors.
        ["Telemetry"],
        ["Problems", "Configuration"],

        // Storage clients, and the access rules (allowed origins, IP ranges) that route settings and API keys both hold.
        ["Storage", "AccessRules"],

        // The gateway's routes and backends (YARP configuration), and the distributed rate limiter and quotas.
        ["Routing", "RateLimiting"],
        ["Auth", "Health"],

        // The proxy (per-route policies, forwarding to backends) and, beside it, the custom-handler runtime: the
        // function.json contract, the catalog that features add functions to, the host's invocation endpoint.
        ["Policies", "Forwarding", "Functions"],

        // The response cache after a route's policies admitted the caller, and composite routes, answered from several
        // backend calls made through the forwarding layer's backend client.
        ["Caching", "Composite"],

        // The standalone runtime, which drives the same functions without the Functions host.
        ["Triggers"],

        // Features that add functions to the runtime.
        ["Heartbeat", "Events"],

        // Configuration revisions: published documents checked with every feature's validation, and applied over the bootstrap.
        ["Revisions"],

        // The composition root: which features are on, the middleware order, what each hosting mode adds.
        ["Hosting"],

        // Operator commands on the same executable.
        ["Cli"],
    ];

    /// <summary>Files at the project root (Program.cs): the entry point, which may use anything and which nothing uses.</summary>
    private const string EntryPoint = "(entry point)";

    private static readonly Lazy<FolderGraph> Gateway = new(() => new FolderGraph(SourceDependencies.Find(ProjectDirectory("Serverless.Gateway")), GatewayFolderOf));

    [Fact]
    public void Gateway_folders_have_no_dependency_cycle()
    {
        var graph = Gateway.Value;
        output.WriteLine(string.Join("\n", graph.Edges));

        var cycles = graph.FindCycles();

        Assert.True(cycles.Count == 0,
            $"The gateway's folders depend on each other in a cycle; break each one by moving what the lower folder needs down, or by " +
            $"inverting the dependency (an interface or a registration that the higher folder provides):\n  {string.Join("\n  ", cycles.Select(graph.Describe))}");
    }

    [Fact]
    public void Gateway_folders_use_only_the_layers_below_their_own()
    {
        var problems = Gateway.Value.CheckLayers(GatewayLayers, new HashSet<string> { EntryPoint });

        Assert.True(problems.Count == 0, $"The gateway's layering is broken (see {nameof(GatewayLayers)} in {nameof(FolderDependencyTests)}):\n  {string.Join("\n  ", problems)}");
    }

    [Fact]
    public void Every_gateway_folder_with_code_is_in_exactly_one_layer()
    {
        var project = ProjectDirectory("Serverless.Gateway");
        var folders = Directory.EnumerateDirectories(project)
            .Where(folder => Path.GetFileName(folder) is not ("bin" or "obj") && Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Any())
            .Select(folder => Path.GetFileName(folder)!)
            .Order(StringComparer.Ordinal);
        var listed = GatewayLayers.SelectMany(static layer => layer).ToList();

        Assert.True(listed.Count == listed.Distinct(StringComparer.Ordinal).Count(), $"A folder is listed in more than one layer: {string.Join(", ", listed)}.");
        Assert.Equal(folders, listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Cycle_finder_reports_a_hand_made_cycle_with_the_uses_that_make_it()
    {
        var graph = new FolderGraph(
            [Use("A/One.cs", "B/Two.cs"), Use("B/Two.cs", "C/Three.cs"), Use("C/Three.cs", "A/Four.cs"), Use("C/Three.cs", "D/Five.cs"), Use("D/Five.cs", "D/Six.cs")],
            static file => file.Split('/')[0]);

        var cycle = Assert.Single(graph.FindCycles());

        Assert.Equal(["A", "B", "C", "A"], cycle);
        Assert.Equal(
            "A -> B -> C -> A\n    A -> B via A/One.cs:1 uses Two (B/Two.cs)\n    B -> C via B/Two.cs:1 uses Three (C/Three.cs)\n    C -> A via C/Three.cs:1 uses Four (A/Four.cs)",
            graph.Describe(cycle));
    }

    [Fact]
    public void Cycle_finder_reports_one_cycle_per_tangle_and_none_for_a_chain()
    {
        var graph = new FolderGraph(
            [Use("A/x.cs", "B/x.cs"), Use("B/x.cs", "A/y.cs"), Use("C/x.cs", "D/x.cs"), Use("D/x.cs", "E/x.cs"), Use("E/x.cs", "C/y.cs"), Use("E/x.cs", "F/x.cs")],
            static file => file.Split('/')[0]);

        Assert.Equal([["A", "B", "A"], ["C", "D", "E", "C"]], graph.FindCycles());
        Assert.Empty(new FolderGraph([Use("A/x.cs", "B/x.cs"), Use("B/x.cs", "C/x.cs")], static file => file.Split('/')[0]).FindCycles());
    }

    [Fact]
    public void Layer_check_names_the_rule_an_upward_use_breaks_and_an_unlisted_folder()
    {
        var graph = new FolderGraph(
            [Use("Low/Base.cs", "High/Feature.cs"), Use("High/Feature.cs", "Low/Base.cs"), Use("New/Thing.cs", "Low/Base.cs"), Use("Main.cs", "High/Feature.cs")],
            static file => file.Contains('/', StringComparison.Ordinal) ? file.Split('/')[0] : EntryPoint);

        var problems = graph.CheckLayers([["Low"], ["High"]], new HashSet<string> { EntryPoint });

        Assert.Equal(2, problems.Count);
        Assert.Equal("New is in no layer: add it to the layer whose folders it may use, above them, and below the folders that use it.", problems[0]);
        Assert.StartsWith(
            "Low -> High breaks the layering: Low (in layer 1 of 2) may use only the layers below it (none), but High is in layer 2 of 2; Low/Base.cs:1 uses Feature (High/Feature.cs).",
            problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Orders_folders_have_no_dependency_cycle()
    {
        var graph = new FolderGraph(SourceDependencies.Find(ProjectDirectory("Serverless.Orders")), static file => TopFolder(file) ?? EntryPoint);
        output.WriteLine(string.Join("\n", graph.Edges));

        var cycles = graph.FindCycles();

        Assert.True(cycles.Count == 0, $"The orders service's folders depend on each other in a cycle:\n  {string.Join("\n  ", cycles.Select(graph.Describe))}");
    }

    [Fact]
    public void Solution_project_references_have_no_cycle()
    {
        var root = RepositoryRoot.Find();
        var uses = new List<SourceDependency>();
        foreach (var project in SolutionProjects(root))
        {
            foreach (var reference in XDocument.Load(Path.Combine(root, project)).Descendants("ProjectReference"))
            {
                var target = Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(project)!, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                uses.Add(new SourceDependency(project, 0, Path.GetFileNameWithoutExtension(target), Path.GetRelativePath(root, target)));
            }
        }

        var graph = new FolderGraph(uses, static project => Path.GetFileNameWithoutExtension(project));
        var cycles = graph.FindCycles();

        Assert.Contains("Serverless.Gateway.Tests -> Serverless.Gateway", graph.Edges);
        Assert.True(cycles.Count == 0, $"The solution's projects reference each other in a cycle:\n  {string.Join("\n  ", cycles.Select(graph.Describe))}");
    }

    private static string GatewayFolderOf(string file) => TopFolder(file) ?? EntryPoint;

    private static string? TopFolder(string file) => file.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? file[..slash] : null;

    private static string ProjectDirectory(string project) => Path.Combine(RepositoryRoot.Find(), "functions", project);

    /// <summary>The C# projects Serverless.sln lists, as paths relative to the repository root.</summary>
    private static IEnumerable<string> SolutionProjects(string root) =>
        File.ReadLines(Path.Combine(root, "Serverless.sln"))
            .Where(static line => line.StartsWith("Project(", StringComparison.Ordinal))
            .Select(static line => line.Split('"')[5].Replace('\\', '/'))
            .Where(static path => path.EndsWith(".csproj", StringComparison.Ordinal));

    private static SourceDependency Use(string file, string declaredIn) =>
        new(file, 1, Path.GetFileNameWithoutExtension(declaredIn), declaredIn);
}
