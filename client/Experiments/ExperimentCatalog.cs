namespace Concurrency.Client.Experiments;

/// <summary>
/// Every experiment the client knows, in the order <c>run all</c> runs them. Adding an experiment is one folder
/// beside this file and one line here.
/// </summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new DownloadsExperiment(),
        new AsyncFetchExperiment(),
        new BlockingExperiment(),
        new CpuExperiment(),
        new OverheadExperiment(),
        new ExecutorsExperiment(),
        new MixedExperiment(),
        new SyncExperiment(),
        new FreeThreadingExperiment(),
        new ColoringExperiment(),
        new NativeExperiment(),
        new SpawnExperiment(),
        new CommunicationExperiment(),
        new SubinterpretersExperiment(),
    ];

    /// <summary>The catalog's experiment of type <typeparamref name="T"/>.</summary>
    public static T Of<T>()
        where T : IExperiment => All.OfType<T>().Single();
}
