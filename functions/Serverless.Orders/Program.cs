using Serverless.Orders.Hosting;

return OrdersHostingContext.Detect(args, Environment.GetEnvironmentVariable) == OrdersHostingMode.FunctionsHost
    ? await FunctionsOrdersApp.RunAsync(args)
    : await StandaloneOrdersApp.RunAsync(args);
