using System.CommandLine;
using Concurrency.Cli;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Runs a program's command line in this process, through the same <see cref="CommandLineRunner"/> its Main uses,
/// with the console's writers captured. The console is process-wide, so every caller sits in
/// <see cref="ConsoleCaptureCollection"/>, which xunit runs with no other collection beside it.
/// </summary>
public static class InProcessCli
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task<ProcessResult> RunAsync(RootCommand root, string programName, TimeSpan timeout, params string[] args)
    {
        await OneAtATime.WaitAsync();
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            // A refusal comes before anything starts; a command line that is not refused is cancelled at the timeout,
            // stopping whatever it started, and then fails the test on its exit code.
            using var cancel = new CancellationTokenSource(timeout);
            var exitCode = await CommandLineRunner.RunAsync(root, args, programName, cancel.Token);
            return new ProcessResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            OneAtATime.Release();
        }
    }
}

/// <summary>Tests that capture the process-wide console: xunit runs this collection alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureCollection
{
    public const string Name = "console capture";
}
