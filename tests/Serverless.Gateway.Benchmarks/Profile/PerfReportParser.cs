using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// Reads the text <c>perf report --stdio -n -g none</c> prints of a .NET process recorded with perf maps on, and splits
/// a measured CPU time per request by it: self time by the group of code that was executing (the declaring assembly
/// for managed code, the kernel, the runtime, libc and other native code), and inclusive time of the request path's
/// frames. Pure: no process, no file.
/// </summary>
public static partial class PerfReportParser
{
    public const string Kernel = "Linux kernel";

    public const string Runtime = ".NET runtime";

    public const string Native = "libc and native";

    /// <summary>User-space samples perf could place in no shared object at all.</summary>
    public const string Unresolved = "unresolved";

    private static readonly string[] RuntimeLibraries =
        ["libcoreclr.so", "libclrjit.so", "libclrgc.so", "libclrgcexp.so", "libhostfxr.so", "libhostpolicy.so", "libcoreclrtraceptprovider.so", "dotnet"];

    /// <summary>The lines of <c>perf report --no-children --sort dso,sym -g none --percent-limit 0 --stdio -n</c>; headers and blank lines skipped.</summary>
    public static IReadOnlyList<PerfSelfSample> ParseSelf(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var samples = new List<PerfSelfSample>();
        foreach (var line in Lines(report))
        {
            var match = SelfLine().Match(line);
            if (match.Success)
            {
                samples.Add(new PerfSelfSample(
                    match.Groups["dso"].Value,
                    match.Groups["level"].Value == "k",
                    match.Groups["symbol"].Value.TrimEnd(),
                    long.Parse(match.Groups["samples"].Value, NumberStyles.None, CultureInfo.InvariantCulture)));
            }
        }

        return samples;
    }

    /// <summary>The lines of <c>perf report --children --sort sym -g none --stdio -n</c>; headers and blank lines skipped.</summary>
    public static IReadOnlyList<PerfInclusiveFrame> ParseChildren(string report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var frames = new List<PerfInclusiveFrame>();
        foreach (var line in Lines(report))
        {
            var match = ChildrenLine().Match(line);
            if (match.Success)
            {
                frames.Add(new PerfInclusiveFrame(
                    match.Groups["symbol"].Value.TrimEnd(),
                    double.Parse(match.Groups["children"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) / 100));
            }
        }

        return frames;
    }

    /// <summary>
    /// The group a sample counts in: <see cref="Kernel"/> for kernel space; for managed code (the perf map's
    /// <c>[JIT]</c> or a ReadyToRun <c>.dll</c>) the declaring assembly, or for a ReadyToRun address perf could not
    /// name the <c>.dll</c>'s own assembly, and for a stub or an unnamed address in the perf map <see cref="Runtime"/>;
    /// <see cref="Runtime"/> for the runtime's own libraries, <see cref="Unresolved"/> for <c>[unknown]</c>, and
    /// <see cref="Native"/> for the rest (libc, the loader, System.Native, the vDSO).
    /// </summary>
    public static string GroupOf(PerfSelfSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Kernel)
        {
            return Kernel;
        }

        var dso = sample.Dso;
        var managedDll = dso.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        if (dso.StartsWith("[JIT]", StringComparison.Ordinal) || managedDll)
        {
            return DeclaringAssembly(sample.Symbol) ?? (managedDll ? dso[..^".dll".Length] : Runtime);
        }

        return RuntimeLibraries.Contains(dso, StringComparer.Ordinal) ? Runtime
            : dso == "[unknown]" ? Unresolved
            : Native;
    }

    /// <summary>
    /// The assembly that declares a managed method, as the perf map names it: the last <c>[Assembly.Name] </c> before
    /// the first <c>::</c> (earlier brackets are return and parameter types, written without the space); null when the
    /// symbol is no managed method (a stub, an IL stub's <c>dynamicClass</c>, an address).
    /// </summary>
    public static string? DeclaringAssembly(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var separator = symbol.IndexOf("::", StringComparison.Ordinal);
        if (separator < 0)
        {
            return null;
        }

        var brackets = AssemblyBracket().Matches(symbol[..separator]);
        if (brackets.Count == 0)
        {
            return null;
        }

        // An IL stub (dynamicClass::IL_STUB_PInvoke, IL_STUB_InstantiatingStub) is the runtime's code, whichever assembly it serves.
        var last = brackets[^1];
        return symbol.AsSpan(last.Index + last.Length, separator - last.Index - last.Length).SequenceEqual("dynamicClass") ? null : last.Groups["assembly"].Value;
    }

    /// <summary>
    /// Whether an assembly's code is the request path the inclusive lists follow: the gateway's own, YARP,
    /// ASP.NET Core, OpenTelemetry and HttpClient's.
    /// </summary>
    public static bool IsRequestPath(string assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly is "Serverless.Gateway" or "Yarp.ReverseProxy" or "System.Net.Http"
            || assembly.StartsWith("Serverless.Gateway.", StringComparison.Ordinal)
            || assembly.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)
            || assembly.StartsWith("OpenTelemetry", StringComparison.Ordinal);
    }

    /// <summary>
    /// A managed method as <c>Type.Method</c>: without namespace, return type, parameters, generic arity and
    /// instantiation or the tier; an async state machine's <c>&lt;Method&gt;d__N::MoveNext</c> as
    /// <c>Type.Method (async)</c>, a lambda as <c>Type.Method (lambda)</c> (an async one <c>(async lambda)</c>), a local
    /// function as <c>Type.Method.Local</c> and an explicit interface implementation as <c>Type.IInterface.Method</c>.
    /// Anything else comes back unchanged.
    /// </summary>
    public static string ShortName(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var separator = symbol.IndexOf("::", StringComparison.Ordinal);
        var brackets = separator < 0 ? null : AssemblyBracket().Matches(symbol[..separator]);
        if (brackets is not { Count: > 0 })
        {
            return symbol;
        }

        var last = brackets[^1];
        var type = WithoutGenerics(symbol[(last.Index + last.Length)..separator]);
        var method = symbol[(separator + 2)..];
        var parameters = method.IndexOf('(', StringComparison.Ordinal);
        method = WithoutGenerics(parameters < 0 ? method : method[..parameters]);

        var names = new List<string>();
        string? stateMachineOf = null;
        var segments = type.Split('+');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = i == 0 ? segments[0][(segments[0].LastIndexOf('.') + 1)..] : segments[i];
            if (segment.StartsWith("<>c", StringComparison.Ordinal))
            {
                continue;
            }

            var stateMachine = StateMachine().Match(segment);
            if (stateMachine.Success)
            {
                stateMachineOf = stateMachine.Groups["method"].Value;
                continue;
            }

            names.Add(segment);
        }

        var owner = string.Join('.', names);
        if (stateMachineOf is not null && method == "MoveNext")
        {
            var (name, lambda) = Readable(stateMachineOf);
            return $"{owner}.{name} ({(lambda ? "async lambda" : "async")})";
        }

        if (method.StartsWith('<'))
        {
            var (name, lambda) = Readable(method);
            return lambda ? $"{owner}.{name} (lambda)" : $"{owner}.{name}";
        }

        // An explicit interface implementation is named after the interface's full name: keep the interface's own name.
        var dots = method.Split('.');
        return dots.Length > 2 && dots[0].Length > 0 ? $"{owner}.{dots[^2]}.{dots[^1]}" : $"{owner}.{method}";
    }

    /// <summary>
    /// Splits <paramref name="cpuMicrosecondsPerRequest"/> by the two reports of one recording: each group gets its
    /// share of the self samples, and the request path's frames (<see cref="IsRequestPath"/>) their inclusive share,
    /// the <paramref name="topFrames"/> largest, frames of the same short name counted once (the largest).
    /// </summary>
    public static CpuProfile Profile(string selfReport, string childrenReport, double cpuMicrosecondsPerRequest, int topFrames)
    {
        var samples = ParseSelf(selfReport);
        var total = samples.Sum(static sample => sample.Samples);
        var groups = total == 0
            ? new Dictionary<string, double>(StringComparer.Ordinal)
            : samples
                .GroupBy(GroupOf, StringComparer.Ordinal)
                .ToDictionary(static group => group.Key, group => group.Sum(static sample => sample.Samples) * cpuMicrosecondsPerRequest / total, StringComparer.Ordinal);

        var requestPath = ParseChildren(childrenReport)
            .Where(static frame => DeclaringAssembly(frame.Symbol) is { } assembly && IsRequestPath(assembly))
            .GroupBy(static frame => ShortName(frame.Symbol), StringComparer.Ordinal)
            .Select(group => new FrameCost(group.Key, group.Max(static frame => frame.Share) * cpuMicrosecondsPerRequest))
            .OrderByDescending(static frame => frame.Microseconds)
            .ThenBy(static frame => frame.Frame, StringComparer.Ordinal)
            .Take(topFrames)
            .ToArray();

        return new CpuProfile(cpuMicrosecondsPerRequest, total, groups, requestPath);
    }

    /// <summary>A compiler-generated method name as its source names it: <c>&lt;Invoke&gt;b__0</c> is a lambda in Invoke, <c>&lt;Run&gt;g__Next|2_0</c> the local function Run.Next.</summary>
    private static (string Name, bool Lambda) Readable(string method)
    {
        if (Lambda().Match(method) is { Success: true } lambda)
        {
            return (lambda.Groups["method"].Value, true);
        }

        return LocalFunction().Match(method) is { Success: true } local
            ? ($"{local.Groups["method"].Value}.{local.Groups["local"].Value}", false)
            : (method, false);
    }

    private static IEnumerable<string> Lines(string report) =>
        report.Split('\n').Select(static line => line.TrimEnd('\r')).Where(static line => line.Length > 0 && !line.StartsWith('#'));

    /// <summary>Removes generic arity (<c>`1</c>), instantiations (<c>[System.__Canon]</c>) and generic arguments (<c>Foo&lt;T&gt;</c>, not a compiler-generated <c>&lt;Name&gt;</c>).</summary>
    private static string WithoutGenerics(string name)
    {
        var result = new StringBuilder(name.Length);
        var square = 0;
        var angle = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            switch (c)
            {
                case '[':
                    square++;
                    continue;
                case ']':
                    square = Math.Max(0, square - 1);
                    continue;
                case '<' when angle > 0 || (i > 0 && (char.IsLetterOrDigit(name[i - 1]) || name[i - 1] == '_')):
                    angle++;
                    continue;
                case '>' when angle > 0:
                    angle--;
                    continue;
                default:
                    break;
            }

            if (square == 0 && angle == 0)
            {
                result.Append(c);
            }
        }

        return Arity().Replace(result.ToString(), string.Empty);
    }

    // "     2.23%           223  libc.so.6                 [.] __libc_recv"; the dso may hold spaces ("[JIT] tid 10416").
    [GeneratedRegex(@"^\s*(?<percent>\d+(?:\.\d+)?)%\s+(?<samples>\d+)\s+(?<dso>\S.*?)\s+\[(?<level>[^\]\s]+)\]\s(?<symbol>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SelfLine();

    // "    18.41%     1.12%            44  [.] instance void [Microsoft.AspNetCore.Server.Kestrel.Core] ..."
    [GeneratedRegex(@"^\s*(?<children>\d+(?:\.\d+)?)%\s+(?<self>\d+(?:\.\d+)?)%\s+(?<samples>\d+)\s+\[(?<level>[^\]\s]+)\]\s(?<symbol>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ChildrenLine();

    // "[Yarp.ReverseProxy] ": the declaring type's assembly. A type's in a signature has no space: "[System.Runtime]System.Span`1".
    [GeneratedRegex(@"\[(?<assembly>[A-Za-z_][A-Za-z0-9_.\-]*)\] ", RegexOptions.CultureInvariant)]
    private static partial Regex AssemblyBracket();

    // "<SendAsync>d__8", and an async lambda's or local function's "<<SendAsync>b__3_0>d".
    [GeneratedRegex(@"^<(?<method>.+)>d(?:__\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StateMachine();

    [GeneratedRegex(@"^<(?<method>[^>]+)>b__", RegexOptions.CultureInvariant)]
    private static partial Regex Lambda();

    [GeneratedRegex(@"^<(?<method>[^>]*)>g__(?<local>[^|]+)\|", RegexOptions.CultureInvariant)]
    private static partial Regex LocalFunction();

    [GeneratedRegex(@"`\d+", RegexOptions.CultureInvariant)]
    private static partial Regex Arity();
}
