using Serverless.LocalRun;

return await LocalRunner.RunAsync(args);
