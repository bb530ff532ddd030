using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>Reads a process tree's memory and CPU time from Linux's /proc.</summary>
public static class ProcessTree
{
    // The kernel's clock tick for /proc/<pid>/stat times; 100 on every Linux this runs on (getconf CLK_TCK).
    private const long TicksPerClockTick = TimeSpan.TicksPerSecond / 100;

    /// <summary>The process and every living descendant.</summary>
    public static IReadOnlyList<int> Of(int root)
    {
        var ids = new List<int> { root };
        for (var i = 0; i < ids.Count; i++)
        {
            ids.AddRange(ChildrenOf(ids[i]));
        }

        return ids;
    }

    public static long ResidentBytes(int id)
    {
        var line = ReadOrEmpty($"/proc/{id}/status").FirstOrDefault(static l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public static TimeSpan CpuTime(int id)
    {
        var stat = ReadOrEmpty($"/proc/{id}/stat").FirstOrDefault();
        if (stat is null)
        {
            return TimeSpan.Zero;
        }

        // The command name (field 2) may contain spaces, so fields are counted after its closing parenthesis: utime and
        // stime are fields 14 and 15 of the line, the 12th and 13th after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(ticks * TicksPerClockTick);
    }

    private static List<int> ChildrenOf(int id)
    {
        var children = new List<int>();
        foreach (var task in DirectoryOrEmpty($"/proc/{id}/task"))
        {
            foreach (var child in ReadOrEmpty(Path.Combine(task, "children")).SelectMany(static l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                children.Add(int.Parse(child, CultureInfo.InvariantCulture));
            }
        }

        return children;
    }

    // A process may exit between listing and reading; it then simply counts for nothing.
    private static string[] ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string[] DirectoryOrEmpty(string path)
    {
        try
        {
            return Directory.GetDirectories(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
