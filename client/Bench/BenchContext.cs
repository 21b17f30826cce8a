using Concurrency.Client.Output;
using Concurrency.Hosting;

namespace Concurrency.Client.Bench;

/// <summary>What a benchmark runs on: an embedded silo in this process, at full or tiny scale.</summary>
public sealed class BenchContext(LabSilo silo, bool quick, IProgressSink progress)
{
    public LabSilo Silo { get; } = silo;

    /// <summary>Tiny sizes, for tests of the command itself: the figures then say nothing about speed.</summary>
    public bool Quick { get; } = quick;

    public IProgressSink Progress { get; } = progress;

    public IGrainFactory Grains => Silo.Grains;
}
