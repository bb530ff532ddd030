namespace Serverless.Gateway.Benchmarks.Saga;

/// <summary>
/// One engine's part of a saga benchmark run: which engine, at which commit, the report it printed (Markdown), the
/// exit code that run would have had on its own (0 when every order completed and the ledgers agree), and the
/// machine's one-minute load average when its run started and ended.
/// </summary>
public sealed record SagaEngineResult(string Engine, string Commit, string Report, int ExitCode, double LoadBefore, double LoadAfter)
{
    public SagaFigures? Figures => SagaFigures.Parse(Report);

    public bool Succeeded => ExitCode == 0 && Figures is not null;
}
