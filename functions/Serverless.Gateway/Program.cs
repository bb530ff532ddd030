using Serverless.Gateway.Cli;
using Serverless.Gateway.Hosting;

if (FunctionsCommand.TryRun(args, out var exitCode))
{
    return exitCode;
}

if (GatewayCli.Handles(args))
{
    return await GatewayCli.RunAsync(args, Console.Out, Console.Error);
}

return await GatewayProgram.RunAsync(args);
