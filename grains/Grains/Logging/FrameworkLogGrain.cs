using Concurrency.Abstractions.Logging;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains.Logging;

/// <summary>
/// A silo's <see cref="FrameworkWarningCounter"/> as a grain, pinned to the silo its key names (see
/// <see cref="SiloPinnedPlacement"/>). Reentrant: it holds no state of its own, and a caller waiting for a warning
/// must not hold up a plain read of the counts.
/// </summary>
[SiloPinnedPlacement]
[Reentrant]
public sealed class FrameworkLogGrain(FrameworkWarningCounter counter) : Grain, IFrameworkLogGrain
{
    public ValueTask<FrameworkWarnings> Warnings() => ValueTask.FromResult(counter.Snapshot());

    public async ValueTask<FrameworkWarnings> WarningsBeyond(FrameworkWarningKind kind, long beyond, TimeSpan within) =>
        await counter.BeyondAsync(kind, beyond, within, TimeProvider.System);
}
