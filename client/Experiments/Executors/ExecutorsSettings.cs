using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="ExecutorsExperiment"/>: how many <c>double</c> items and how many <c>pi-chunk</c> items to map.</summary>
public sealed record ExecutorsSettings(int Items, int PiItems) : ExperimentSettings
{
    public long ItemsOf(WorkFunction function) => function == WorkFunctions.Doubling ? Items : PiItems;

    public int BatchesOf(WorkFunction function) => WorkBatches.Split(function, ItemsOf(function)).Count;
}
