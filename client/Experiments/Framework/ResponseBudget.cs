using Concurrency.Cli;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Orleans fails a call that has not answered within its response timeout, 30 s by default. Calls that queue on one
/// activation wait for every call ahead of them, so a strategy whose slowest call would come near that timeout is
/// refused before anything starts, rather than reported as a failure half a minute later.
/// </summary>
public static class ResponseBudget
{
    /// <summary>The longest a single call may be planned to take: a margin under the 30 s response timeout.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(25);

    public static bool Fits(TimeSpan slowestCall) => slowestCall <= Limit;

    /// <summary>Refuses <paramref name="strategy"/> when its slowest call would take longer than <see cref="Limit"/>.</summary>
    public static void Check(string experiment, IStrategy strategy, TimeSpan slowestCall, string sizes, string remedy)
    {
        if (!Fits(slowestCall))
        {
            throw new UsageException(
                $"{sizes} makes the slowest call of {experiment}'s {strategy} strategy wait {DurationText.Format(slowestCall)}, past the {DurationText.Format(Limit)} budget under Orleans' 30 s response timeout; {remedy}.");
        }
    }
}
