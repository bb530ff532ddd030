namespace Serverless.Gateway.Tests.Architecture;

/// <summary>
/// One use, in <see cref="File"/> at <see cref="Line"/>, of <see cref="Symbol"/>, which is declared in
/// <see cref="DeclaredIn"/>. Paths are relative to the project folder, with <c>/</c> as separator.
/// </summary>
internal sealed record SourceDependency(string File, int Line, string Symbol, string DeclaredIn)
{
    public override string ToString() => $"{File}:{Line} uses {Symbol} ({DeclaredIn})";
}
