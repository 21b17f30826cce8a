using System.Runtime.CompilerServices;
using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains;

/// <summary>
/// Pinned to the silo its key names, so a payload's path (same silo, same process, another process) is chosen by the
/// caller. It only says what arrived: the cost measured is the message's, not any work on it.
/// </summary>
[LaneRole("payload receiver")]
[SiloPinnedPlacement, CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class PayloadGrain : Grain, IPayloadGrain
{
    public ValueTask<PayloadReceipt> TakeShared(SharedPayload payload, CancellationToken cancellationToken = default) => Receipt(payload.Bytes);

    public ValueTask<PayloadReceipt> TakeCopied(CopiedPayload payload, CancellationToken cancellationToken = default) => Receipt(payload.Bytes);

    private static ValueTask<PayloadReceipt> Receipt(byte[] bytes) =>
        ValueTask.FromResult(new PayloadReceipt(bytes.Length, RuntimeHelpers.GetHashCode(bytes), Environment.ProcessId));
}
