using Concurrency.Abstractions;

namespace Concurrency.Client.Executors;

/// <summary>
/// How every executor cuts a map into batches: by the function's batch size alone, so all executors see the same
/// batches and fold their digests in the same order, and their results can be compared bit for bit.
/// </summary>
public static class WorkBatches
{
    public static IReadOnlyList<WorkBatch> Split(WorkFunction function, long items)
    {
        var batches = new List<WorkBatch>();
        for (var first = 0L; first < items; first += function.BatchSize)
        {
            batches.Add(new WorkBatch(function.Name, first, (int)Math.Min(function.BatchSize, items - first)));
        }

        return batches;
    }

    public static WorkDigest Fold(IEnumerable<WorkDigest> digests) => digests.Aggregate(WorkDigest.Empty, (total, next) => total.Then(next));
}
