namespace Concurrency.Abstractions.Tracing;

/// <summary>
/// The trace buffer of one silo, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>): its activation
/// is placed on exactly that silo, so the client drains every silo by asking the membership for the silos and calling
/// one of these per silo.
/// </summary>
public interface ITraceBufferGrain : IGrainWithStringKey
{
    /// <summary>Hands over, and forgets, what this silo recorded for <paramref name="traceId"/>.</summary>
    ValueTask<SiloTrace> Drain(string traceId);
}
