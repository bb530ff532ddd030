using System.Runtime.CompilerServices;

namespace Serverless.Tests.Shared;

/// <summary>
/// Makes the test assemblies of <c>dotnet test Serverless.sln</c> run one after another instead of side by side.
/// </summary>
/// <remarks>
/// <c>dotnet test</c> on a solution starts every test project's run as soon as its build is done and always passes
/// MSBuild's parallel switch, so neither a response file nor run settings can serialise them. Several of these tests
/// start Azurite, gateways and SIGKILL-ed orders services whose deadlines assume they have the machine's cores to
/// themselves; sharing two cores with another assembly's child processes is what makes such tests flaky. Each test
/// host therefore takes an exclusive lock on one file before its first test runs and keeps it until the process
/// exits, when the operating system releases it even after a crash.
/// </remarks>
internal static class OneTestAssemblyAtATime
{
    /// <summary>The lock, held for the life of the process.</summary>
    internal static FileStream? Held { get; private set; }

#pragma warning disable CA2255 // A test assembly is an application's entry, not a library: this must run before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void WaitForTheMachine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"serverless-tests-{Environment.UserName}.lock");
        while (true)
        {
            try
            {
                Held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
