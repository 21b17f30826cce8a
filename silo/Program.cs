using Concurrency.Cli;
using Concurrency.Silo;

return await CommandLineRunner.RunAsync(SiloCommandLine.Create(), args, "silo");
