using Concurrency.Abstractions;

namespace Concurrency.Client.Executors;

/// <summary>The function called in a plain loop in the caller: no messages, one core. The baseline every executor must match.</summary>
public sealed class InlineExecutor : IExecutor
{
    public string Name => ExecutorCatalog.Inline;

    public Task<WorkDigest> MapAsync(WorkFunction function, long items, Action<long> advanced, CancellationToken cancellationToken) =>
        Task.FromResult(WorkBatches.Fold(WorkBatches.Split(function, items).Select(batch =>
        {
            var digest = function.Run(batch.First, batch.Count, cancellationToken);
            advanced(batch.Count);
            return digest;
        })));
}
