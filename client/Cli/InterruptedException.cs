using Concurrency.Client.Results;

namespace Concurrency.Client.Cli;

/// <summary>An experiment cut short by Ctrl+C, carrying what it finished so the report can still show it.</summary>
public sealed class InterruptedException(ExperimentResult partial, CancellationToken token)
    : OperationCanceledException("the run was interrupted", token)
{
    public ExperimentResult Partial { get; } = partial;
}
