namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>
/// One line of <c>perf report --no-children --sort dso,sym -n</c>: the samples taken while <paramref name="Symbol"/> of
/// <paramref name="Dso"/> was executing (self time).
/// </summary>
/// <param name="Dso">The shared object: <c>[kernel.kallsyms]</c>, <c>libc.so.6</c>, <c>[JIT] tid 10416</c> (the process's perf map), <c>System.Net.Sockets.dll</c>.</param>
/// <param name="Kernel">Whether perf marked the symbol <c>[k]</c> (kernel space) rather than <c>[.]</c> (user space).</param>
/// <param name="Symbol">The symbol as perf printed it, or a hexadecimal address when it could not resolve one.</param>
public sealed record PerfSelfSample(string Dso, bool Kernel, string Symbol, long Samples);
