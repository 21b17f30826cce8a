namespace Concurrency.Grains;

/// <summary>An answer's body after the per-try handler read it off the socket: only how many bytes it had is kept.</summary>
internal sealed class DrainedContent(long bytes) : HttpContent
{
    public long Bytes { get; } = bytes;

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => Task.CompletedTask;

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return true;
    }
}
