namespace Serverless.Gateway.Tests.Architecture;

/// <summary>
/// Which folder uses which, each edge with the first use that makes it (by file and line), so a failure can say where to
/// look. Finds the cycles (one per strongly connected component, the shortest through its first folder) and the edges
/// that break an ordered list of layers.
/// </summary>
internal sealed class FolderGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, SourceDependency>> _edges = new(StringComparer.Ordinal);

    /// <param name="dependencies">Uses of symbols across files.</param>
    /// <param name="folderOf">The folder a project-relative file path counts in; uses inside one folder are not edges.</param>
    public FolderGraph(IEnumerable<SourceDependency> dependencies, Func<string, string> folderOf)
    {
        ArgumentNullException.ThrowIfNull(dependencies);
        ArgumentNullException.ThrowIfNull(folderOf);
        foreach (var dependency in dependencies.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line))
        {
            var from = folderOf(dependency.File);
            var to = folderOf(dependency.DeclaredIn);
            Add(from);
            Add(to);
            if (from != to)
            {
                _edges[from].TryAdd(to, dependency);
            }
        }
    }

    public IEnumerable<string> Folders => _edges.Keys;

    /// <summary>Every edge as <c>From -> To</c>, ordered.</summary>
    public IEnumerable<string> Edges => _edges.SelectMany(pair => pair.Value.Keys.Select(to => $"{pair.Key} -> {to}"));

    /// <summary>The first use that makes <paramref name="from"/> depend on <paramref name="to"/>.</summary>
    public SourceDependency Evidence(string from, string to) => _edges[from][to];

    /// <summary>The groups of folders that reach each other (strongly connected components of more than one), each in ordinal order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FindTangles() =>
        [.. StronglyConnectedComponents().Where(static component => component.Count > 1)];

    /// <summary>One cycle per tangle, the shortest from its first folder back to it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FindCycles() => [.. FindTangles().Select(ShortestCycle)];

    /// <summary><c>A -> B -> A</c>, then each edge with the use that makes it.</summary>
    public string Describe(IReadOnlyList<string> cycle) =>
        string.Join(" -> ", cycle) + string.Concat(cycle.Zip(cycle.Skip(1)).Select(step => $"\n    {step.First} -> {step.Second} via {Evidence(step.First, step.Second)}"));

    /// <summary>
    /// Every edge that does not go to a lower layer (the first layer is the lowest), described for whoever added it,
    /// and every folder that no layer lists. Folders in <paramref name="entryPoints"/> sit above every layer.
    /// </summary>
    public IReadOnlyList<string> CheckLayers(IReadOnlyList<IReadOnlyList<string>> layers, IReadOnlySet<string> entryPoints)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(entryPoints);
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            foreach (var folder in layers[i])
            {
                layerOf.Add(folder, i);
            }
        }

        foreach (var entryPoint in entryPoints)
        {
            layerOf.Add(entryPoint, layers.Count);
        }

        var problems = new List<string>();
        foreach (var folder in Folders.Where(folder => !layerOf.ContainsKey(folder)))
        {
            problems.Add($"{folder} is in no layer: add it to the layer whose folders it may use, above them, and below the folders that use it.");
        }

        foreach (var (from, targets) in _edges)
        {
            foreach (var (to, evidence) in targets)
            {
                if (layerOf.TryGetValue(from, out var fromLayer) && layerOf.TryGetValue(to, out var toLayer) && toLayer >= fromLayer)
                {
                    var allowed = layers.Take(Math.Min(fromLayer, layers.Count)).SelectMany(static layer => layer).ToList();
                    problems.Add(
                        $"{from} -> {to} breaks the layering: {from} ({Place(fromLayer, layers.Count)}) may use only the layers below it " +
                        $"({(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}), but {to} is {Place(toLayer, layers.Count)}; " +
                        $"{evidence}. Move what it needs down, or invert the dependency (an interface or a registration the higher layer provides).");
                }
            }
        }

        return problems;
    }

    private static string Place(int layer, int count) => layer == count ? "the entry point, above every layer" : $"in layer {layer + 1} of {count}";

    private void Add(string folder) => _edges.TryAdd(folder, new SortedDictionary<string, SourceDependency>(StringComparer.Ordinal));

    /// <summary>Tarjan's algorithm; each component's folders in ordinal order.</summary>
    private List<List<string>> StronglyConnectedComponents()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lowLink = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();

        void Visit(string folder)
        {
            index[folder] = lowLink[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in _edges[folder].Keys)
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    lowLink[folder] = Math.Min(lowLink[folder], lowLink[next]);
                }
                else if (onStack.Contains(next))
                {
                    lowLink[folder] = Math.Min(lowLink[folder], nextIndex);
                }
            }

            if (lowLink[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);
                components.Add([.. component.Order(StringComparer.Ordinal)]);
            }
        }

        foreach (var folder in Folders.Where(folder => !index.ContainsKey(folder)).ToList())
        {
            Visit(folder);
        }

        return [.. components.OrderBy(static component => component[0], StringComparer.Ordinal)];
    }

    /// <summary>The shortest way from the component's first folder back to it, by breadth-first search inside the component.</summary>
    private List<string> ShortestCycle(IReadOnlyList<string> component)
    {
        var start = component[0];
        var members = component.ToHashSet(StringComparer.Ordinal);
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var folder))
        {
            foreach (var next in _edges[folder].Keys.Where(members.Contains))
            {
                if (next == start)
                {
                    var path = new List<string> { start };
                    for (var step = folder; step != start; step = previous[step])
                    {
                        path.Add(step);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(next, folder))
                {
                    queue.Enqueue(next);
                }
            }
        }

        throw new InvalidOperationException($"{start} is in a strongly connected component but on no cycle.");
    }
}
