using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Short runs by default, so a look at the figures takes a minute or two; --full for BenchmarkDotNet's default job.
// Given any of BenchmarkDotNet's own job options (--iterationCount, --inProcess, ...), the command line's job is the only one.
string[] jobOptions = ["--job", "-j", "--inProcess", "-i", "--warmupCount", "--iterationCount", "--launchCount", "--runOncePerIteration"];
var full = args.Contains("--full");
var config = args.Any(jobOptions.Contains) ? DefaultConfig.Instance : DefaultConfig.Instance.AddJob(full ? Job.Default : Job.ShortRun);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--full").ToArray(), config);
