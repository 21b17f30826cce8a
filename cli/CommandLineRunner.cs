using System.CommandLine;
using Concurrency.Hosting;

namespace Concurrency.Cli;

/// <summary>
/// Runs a command line with the lab's policy: bad input is one line on stderr and exit code 2; an unexpected
/// failure is one line and exit code 1; neither prints a stack trace unless CONCURRENCY_LAB_DEBUG is set.
/// </summary>
public static class CommandLineRunner
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args, string programName, CancellationToken cancellationToken = default)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"{programName}: {parse.Errors[0].Message}");
            return UsageError;
        }

        try
        {
            // The commands handle Ctrl+C themselves: the silo stops gracefully, the client reports a partial run.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, cancellationToken);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{programName}: {e.Message}");
            return UsageError;
        }
        catch (SiloStartException e)
        {
            await Console.Error.WriteLineAsync($"{programName}: the silo cannot start: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("CONCURRENCY_LAB_DEBUG") is null)
        {
            await Console.Error.WriteLineAsync($"{programName}: {OneLine(e)}");
            return Failure;
        }
    }

    private static string OneLine(Exception e)
    {
        var inner = e.Unwrapped();
        return $"{inner.GetType().Name}: {inner.Message.ReplaceLineEndings(" ")}";
    }
}
