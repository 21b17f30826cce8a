using Concurrency.Cli;
using Concurrency.Client.Cli;

return await CommandLineRunner.RunAsync(ClientCommandLine.Create(), args, "client");
