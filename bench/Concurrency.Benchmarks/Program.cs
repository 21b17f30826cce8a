using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Short runs by default, so a look at the figures takes a minute or two; --full for BenchmarkDotNet's default job.
var full = args.Contains("--full");
var config = DefaultConfig.Instance.AddJob(full ? Job.Default : Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--full").ToArray(), config);
