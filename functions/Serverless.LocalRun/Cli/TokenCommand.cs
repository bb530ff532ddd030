using System.CommandLine;
using System.Globalization;
using Serverless.LocalRun.Azurite;
using Serverless.LocalRun.DevIdentity;

namespace Serverless.LocalRun.Cli;

/// <summary>
/// <c>token --tenant t --scope s [--scope ...] [--lifetime 1h]</c>: prints a JWT signed with the development identity
/// provider's key (created on first use under <c>.local/dev-identity/</c>), and nothing else on stdout, so that
/// <c>TOKEN=$(dotnet run --no-build --project functions/Serverless.LocalRun -- token ...)</c> works (without
/// <c>--no-build</c>, the build's own warnings may land on stdout too).
/// </summary>
internal static class TokenCommand
{
    private const string DefaultSubject = "dev-user";
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static Command Create(TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant the caller acts for (the tid claim).", Required = true };
        var scopes = new Option<string[]>("--scope")
        {
            Description = "A granted scope (the scp claim), e.g. echo:read; repeat it for more.",
            AllowMultipleArgumentsPerToken = true,
        };
        var lifetime = new Option<TimeSpan>("--lifetime")
        {
            Description = $"How long the token is valid: {LifetimeParser.Forms}; at most {DevTokenIssuer.MaxLifetime.TotalDays:0} days.",
            HelpName = "duration",
            DefaultValueFactory = _ => DefaultLifetime,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (LifetimeParser.TryParse(text, out var parsed) && parsed > TimeSpan.Zero && parsed <= DevTokenIssuer.MaxLifetime)
                {
                    return parsed;
                }

                result.AddError($"--lifetime: '{text}' is not a duration from 1 s to {DevTokenIssuer.MaxLifetime.TotalDays:0} days ({LifetimeParser.Forms}).");
                return default;
            },
        };
        var subject = new Option<string>("--subject") { Description = "The caller (the sub claim).", DefaultValueFactory = _ => DefaultSubject };
        var plan = new Option<string?>("--plan") { Description = "The caller's plan (the plan claim); without it the gateway applies its default plan." };
        var identityPort = PortOption.Create("--identity-port", LocalRunOptions.DefaultIdentityPort,
            "Port of the local run's identity provider, which is the token's issuer; the same as the local run's --identity-port");

        var command = new Command("token", "Print a JWT for the local run's gateway, signed by its development identity provider.")
        {
            tenant, scopes, lifetime, subject, plan, identityPort,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var directory = DevIdentityDirectory(RepositoryRoot.Find());
            using var key = DevSigningKey.LoadOrCreate(directory);
            var issuer = new Uri($"http://127.0.0.1:{result.GetValue(identityPort).ToString(CultureInfo.InvariantCulture)}");
            var token = new DevTokenIssuer(key, issuer, TimeProvider.System).Issue(new DevTokenRequest(
                result.GetValue(tenant)!, result.GetValue(scopes) ?? [], result.GetValue(lifetime), result.GetValue(subject)!, result.GetValue(plan)));
            await output.WriteLineAsync(token.AsMemory(), cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Where the development signing key lives: git-ignored, beside Azurite's data.</summary>
    public static string DevIdentityDirectory(string repositoryRoot) => Path.Combine(repositoryRoot, ".local", "dev-identity");
}
