using Concurrency.Abstractions.Tracing;

namespace Concurrency.Grains.Tracing;

/// <summary>
/// Hears every call the silo records (for a --trace run, or while a lab page watches), once it has ended, with all its
/// turns. Register one in the silo's services (<c>TryAddEnumerable</c>) to count turns and waits, e.g. as metrics;
/// it runs on the call's thread, so it must be quick and must not throw.
/// </summary>
public interface ITurnListener
{
    void OnCallEnded(GrainCallRecord call);
}
