using Concurrency.Abstractions.Logging;
using Concurrency.Grains.Tracing;

namespace Concurrency.Grains.Logging;

/// <summary>A silo's <see cref="FrameworkWarningCounter"/> as a grain, pinned to the silo its key names (see <see cref="SiloPinnedPlacement"/>).</summary>
[SiloPinnedPlacement]
public sealed class FrameworkLogGrain(FrameworkWarningCounter counter) : Grain, IFrameworkLogGrain
{
    public ValueTask<FrameworkWarnings> Warnings() => ValueTask.FromResult(counter.Snapshot());
}
