using Concurrency.Abstractions;

namespace Concurrency.Client.Executors;

/// <summary>
/// concurrent.futures' Executor for the lab: maps one named work function over the items <c>0 .. items - 1</c>,
/// wherever it runs them. Write the function once (a <see cref="WorkFunction"/>), then pick the executor.
/// </summary>
public interface IExecutor
{
    string Name { get; }

    /// <summary>Every item's result, folded into a digest; <paramref name="advanced"/> hears how many items each batch finished.</summary>
    Task<WorkDigest> MapAsync(WorkFunction function, long items, Action<long> advanced, CancellationToken cancellationToken);
}
