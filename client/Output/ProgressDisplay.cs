using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>
/// Where progress goes while work runs: live bars on a terminal, a line per task in a log or pipe, and nowhere with
/// <c>--json</c>, whose stdout belongs to the one JSON document.
/// </summary>
public static class ProgressDisplay
{
    public static async Task RunAsync(bool json, Func<IProgressSink, Task> work) => await RunAsync(json, verbose: false, work);

    /// <summary>
    /// With <c>--json --verbose</c>, a line per strategy start and end goes to stderr, so a script can see the run move
    /// (and where Ctrl+C would cut it) while stdout keeps the document alone.
    /// </summary>
    public static async Task RunAsync(bool json, bool verbose, Func<IProgressSink, Task> work)
    {
        if (json)
        {
            await work(verbose ? new PlainProgressSink(Console.Error) : NullProgress.Instance);
        }
        else if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ItemsColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress => await work(new SpectreProgressSink(progress)));
        }
        else
        {
            await work(new PlainProgressSink(Console.Out));
        }
    }
}
