using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Processes;

/// <summary>The machine's load average, reported beside timings: on shared build machines other work competes for the cores.</summary>
public static class MachineLoad
{
    /// <summary>Linux's one-minute load average (runnable processes), or NaN where /proc/loadavg cannot be read.</summary>
    public static double OneMinuteAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
