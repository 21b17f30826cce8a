namespace Concurrency.Abstractions;

/// <summary>
/// A reentrant grain with a native-style kernel (the Leibniz sum) that it runs either inside its turn, holding the
/// activation as CPython code holds the GIL, or released: on the thread pool, awaited, as NumPy releases the GIL
/// while its C loop runs. <see cref="Ping"/> is the other requests that arrive meanwhile.
/// </summary>
public interface INativeKernelGrain : IGrainWithIntegerKey
{
    /// <summary>Answers at once: its latency is the wait for the activation's next turn.</summary>
    ValueTask Ping();

    /// <summary>The kernel crunched in this call's turn: every other call to the activation waits for it.</summary>
    ValueTask<double> CrunchInTurn(TermRange range, CancellationToken cancellationToken = default);

    /// <summary>The kernel run on the thread pool and awaited: the turn ends at the await, so other calls run meanwhile.</summary>
    ValueTask<double> CrunchReleased(TermRange range, CancellationToken cancellationToken = default);
}
