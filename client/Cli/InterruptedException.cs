using Concurrency.Client.Results;

namespace Concurrency.Client.Cli;

/// <summary>
/// An experiment cut short, carrying what it finished so the report can still show it, and why it stopped:
/// Ctrl+C, a lost cluster, or a grain call that failed in a way the experiment cannot repair.
/// </summary>
public sealed class InterruptedException(ExperimentResult partial, string reason, CancellationToken token)
    : OperationCanceledException(reason, token)
{
    public ExperimentResult Partial { get; } = partial;

    public string Reason { get; } = reason;
}
