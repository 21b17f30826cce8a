namespace Concurrency.Abstractions;

/// <summary>
/// Reads one file on the silo that takes the call, synchronously, and says how many bytes it read: the unit of work
/// the <c>sync</c> experiment fans out, one call per file, to see what the fan-out itself costs.
/// </summary>
public interface IFileReaderGrain : IGrainWithIntegerKey
{
    /// <summary>The length of <paramref name="path"/> as read whole from the silo's disk (or page cache).</summary>
    ValueTask<long> Read(string path, CancellationToken cancellationToken = default);
}
