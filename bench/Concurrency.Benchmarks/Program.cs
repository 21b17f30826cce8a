using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Short runs by default, so a look at the figures takes a minute or two; --full for BenchmarkDotNet's default job.
// With BenchmarkDotNet's --inProcess, the job is the command line's alone (its --warmupCount, --iterationCount).
var full = args.Contains("--full");
var config = args.Contains("--inProcess") ? DefaultConfig.Instance : DefaultConfig.Instance.AddJob(full ? Job.Default : Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--full").ToArray(), config);
