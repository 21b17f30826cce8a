using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// A stateless worker, so the silo may run one activation per core and calls for several files read side by side.
/// The read itself is plain synchronous code: a file in the page cache is a memory copy, over before an await would
/// have handed the thread back.
/// </summary>
[LaneRole("file reader")]
[StatelessWorker]
public sealed class FileReaderGrain : Grain, IFileReaderGrain
{
    public ValueTask<long> Read(string path, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult((long)File.ReadAllBytes(path).Length);
}
