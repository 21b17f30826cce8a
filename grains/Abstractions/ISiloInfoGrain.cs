namespace Concurrency.Abstractions;

/// <summary>
/// Answers from the silo that receives the call: a stateless worker is always activated locally,
/// so whoever calls it learns about the silo it is talking to.
/// </summary>
public interface ISiloInfoGrain : IGrainWithIntegerKey
{
    ValueTask<SiloInfo> Describe();

    /// <summary>The silo's memory, running crunch calls and pending network timers, measured now.</summary>
    ValueTask<SiloHealth> Health();
}
