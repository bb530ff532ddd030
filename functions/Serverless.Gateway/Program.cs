using Serverless.Gateway.Cli;

// serve (the gateway) when no command is given, as the Functions host starts it; see GatewayCli.
return await GatewayCli.RunAsync(args);
