using System.Diagnostics;
using System.Security.Cryptography;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Deployment;

/// <summary>
/// infra/hooks/postprovision.sh, the azd hook that creates the gateway's identity-assertion signing key in Key Vault,
/// run with bash and the real openssl against a fake <c>az</c> that records its calls: it creates an ECDSA P-256 PKCS#8
/// key only when the secret is missing, never prints it, recovers a soft-deleted secret instead of replacing it, and
/// retries while Key Vault refuses (a new role assignment on its way).
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostprovisionHookTests : IDisposable
{
    private const string Vault = "kv-test";
    private const string Secret = "gateway-assertion-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The fake az. keyvault secret list / list-deleted print the names in $FAKE_AZ/names and $FAKE_AZ/deleted; while
    /// $FAKE_AZ/refusals holds a number above zero, every call fails as Key Vault does before a role assignment arrives.
    /// keyvault secret set copies the --file it is given to $FAKE_AZ/stored.pem and records the path it read.
    /// </summary>
    private const string FakeAz = """
        #!/usr/bin/env bash
        set -euo pipefail
        printf '%s\n' "$*" >> "$FAKE_AZ/calls"
        if [[ -f "$FAKE_AZ/refusals" ]] && (( $(cat "$FAKE_AZ/refusals") > 0 )); then
          echo $(( $(cat "$FAKE_AZ/refusals") - 1 )) > "$FAKE_AZ/refusals"
          echo "(Forbidden) Caller is not authorized to perform action on resource. Code: Forbidden" >&2
          exit 1
        fi
        case "$1 $2 $3" in
          "keyvault secret list") cat "$FAKE_AZ/names" 2>/dev/null || true ;;
          "keyvault secret list-deleted") cat "$FAKE_AZ/deleted" 2>/dev/null || true ;;
          "keyvault secret set")
            while (( $# > 0 )); do
              if [[ "$1" == --file ]]; then cp "$2" "$FAKE_AZ/stored.pem"; echo "$2" > "$FAKE_AZ/key-path"; fi
              shift
            done ;;
        esac
        """;

    private readonly DirectoryInfo _fake = Directory.CreateTempSubdirectory("postprovision-hook-");

    [Fact]
    public async Task Creates_an_ecdsa_p256_pkcs8_key_when_the_secret_is_missing_and_never_prints_it()
    {
        var (exitCode, output) = await RunHookAsync(("SERVICE_GATEWAY_NAME", "func-gateway-test"), ("AZURE_RESOURCE_GROUP", "rg-test"));

        Assert.True(exitCode == 0, output);
        var set = Assert.Single(Calls(), static call => call.StartsWith("keyvault secret set ", StringComparison.Ordinal));
        Assert.Contains($"--vault-name {Vault} --name {Secret} --file ", set, StringComparison.Ordinal);
        Assert.EndsWith("-o none", set, StringComparison.Ordinal);
        Assert.Contains(Calls(), static call => call.StartsWith("functionapp restart --name func-gateway-test --resource-group rg-test", StringComparison.Ordinal));

        var pem = File.ReadAllText(Path.Combine(_fake.FullName, "stored.pem"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal); // PKCS#8, unencrypted
        using var key = ECDsa.Create();
        key.ImportFromPem(pem);
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value); // P-256 (prime256v1)

        // Nothing of the key reaches the hook's output, and its file is gone.
        var body = pem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(static line => !line.StartsWith("-----", StringComparison.Ordinal));
        Assert.All(body, line => Assert.DoesNotContain(line, output, StringComparison.Ordinal));
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
        Assert.False(File.Exists(File.ReadAllText(Path.Combine(_fake.FullName, "key-path")).Trim()), "The key file outlived the hook.");
    }

    [Fact]
    public async Task Leaves_an_existing_secret_alone()
    {
        File.WriteAllText(Path.Combine(_fake.FullName, "names"), $"other\n{Secret}\n");

        var (exitCode, output) = await RunHookAsync(("SERVICE_GATEWAY_NAME", "func-gateway-test"), ("AZURE_RESOURCE_GROUP", "rg-test"));

        Assert.True(exitCode == 0, output);
        Assert.Equal([$"keyvault secret list --vault-name {Vault} --query [].name -o tsv"], Calls());
    }

    [Fact]
    public async Task Recovers_a_soft_deleted_secret_instead_of_creating_a_new_key()
    {
        File.WriteAllText(Path.Combine(_fake.FullName, "deleted"), $"{Secret}\n");

        var (exitCode, output) = await RunHookAsync();

        Assert.True(exitCode == 0, output);
        Assert.Contains($"keyvault secret recover --vault-name {Vault} --name {Secret} -o none", Calls());
        Assert.DoesNotContain(Calls(), static call => call.StartsWith("keyvault secret set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_while_key_vault_refuses_and_fails_with_its_error_when_it_keeps_refusing()
    {
        File.WriteAllText(Path.Combine(_fake.FullName, "refusals"), "2");
        var (exitCode, output) = await RunHookAsync();
        Assert.True(exitCode == 0, output);
        Assert.Single(Calls(), static call => call.StartsWith("keyvault secret set", StringComparison.Ordinal));

        File.Delete(Path.Combine(_fake.FullName, "calls"));
        File.WriteAllText(Path.Combine(_fake.FullName, "refusals"), "100");
        (exitCode, output) = await RunHookAsync();
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Forbidden", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Calls(), static call => call.StartsWith("keyvault secret set", StringComparison.Ordinal));
    }

    public void Dispose() => _fake.Delete(recursive: true);

    private async Task<(int? ExitCode, string Output)> RunHookAsync(params (string Name, string Value)[] environment)
    {
        var az = Path.Combine(_fake.FullName, "az");
        if (!File.Exists(az))
        {
            File.WriteAllText(az, FakeAz.ReplaceLineEndings("\n") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var start = new ProcessStartInfo("bash") { WorkingDirectory = _fake.FullName };
        start.ArgumentList.Add(Path.Combine(InfraSources.Directory, "hooks", "postprovision.sh"));
        start.Environment["AZ"] = az;
        start.Environment["FAKE_AZ"] = _fake.FullName;
        start.Environment["HOOK_ATTEMPTS"] = "3";
        start.Environment["HOOK_RETRY_SECONDS"] = "0";
        start.Environment["AZURE_KEY_VAULT_NAME"] = Vault;
        start.Environment["GATEWAY_ASSERTION_KEY_SECRET_NAME"] = Secret;
        foreach (var variable in (string[])["SERVICE_GATEWAY_NAME", "AZURE_RESOURCE_GROUP", "AZURE_SUBSCRIPTION_ID"])
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var (exitCode, output) = await ToolProcess.RunAsync(start, Timeout);
        Assert.True(exitCode is not null, $"The hook did not finish within {Timeout}:\n{output}");
        return (exitCode, output);
    }

    private List<string> Calls()
    {
        var path = Path.Combine(_fake.FullName, "calls");
        return File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
    }
}
