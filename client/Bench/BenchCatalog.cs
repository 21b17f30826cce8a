namespace Concurrency.Client.Bench;

/// <summary>Every headline figure group, in the order <c>client bench</c> measures them.</summary>
public static class BenchCatalog
{
    public static IReadOnlyList<IBench> All { get; } =
    [
        new ColdStartBench(),
        new DownloadsBench(),
        new CallsBench(),
        new KernelBench(),
        new CpuBench(),
    ];
}
