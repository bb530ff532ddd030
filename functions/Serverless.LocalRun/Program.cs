using Serverless.LocalRun;
using Serverless.LocalRun.Cli;

return await LocalRunCli.InvokeAsync(args, Console.Out, Console.Error, LocalRunner.RunAsync);
