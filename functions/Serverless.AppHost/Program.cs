using Serverless.AppHost;

return await LocalRun.RunAsync(args);
