using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The cluster strategy on three in-process silos: work reaches every silo, a silo killed mid-run loses nothing,
/// and a silo started mid-run takes later work. Every wait is on an event (work sent to a silo, a membership change).
/// </summary>
[Collection(ThreeSiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class ClusterStrategyTests(ThreeSiloFixture fixture) : IAsyncLifetime
{
    private const int Jobs = 6;
    private const long ChunkTerms = 5_000_000;

    /// <summary>Six jobs of 20 chunks: a job outlives the moment a test acts on its silo.</summary>
    private static readonly CpuSettings Settings = new(Jobs, 20 * ChunkTerms, PiKernel.Scalar, ChunkTerms);

    private static readonly CpuExperiment.Strategy[] ClusterOnly = [CpuExperiment.ClusterWide];

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Cpu_jobs_reach_every_silo_and_give_the_local_runs_pi()
    {
        var result = await new CpuExperiment().RunAsync(fixture.Context(), Settings, ClusterOnly, CancellationToken.None);

        var cluster = Assert.Single(result.Strategies).Figures;
        Assert.True(cluster.SameAsLocalRun);
        var jobsPerSilo = cluster.Cluster!.JobsPerSilo;
        Assert.Equal((await fixture.ActiveSilosAsync()).Order(), jobsPerSilo.Keys.Order());
        Assert.Equal(Jobs, jobsPerSilo.Values.Sum());
        Assert.Equal(0, cluster.Cluster.RetriedJobs);
        Assert.Contains("silos on one machine share its cores", result.Explanation);
    }

    [Fact]
    public async Task A_silo_killed_mid_run_loses_no_chunk_and_counts_none_twice()
    {
        var active = await fixture.ActiveSilosAsync();
        var victim = fixture.Cluster.Silos.Skip(1).First(); // never the first silo: it holds the test cluster's membership table
        var victimAddress = victim.SiloAddress.ToParsableString();
        var observer = new WaitForSend(key => key.Part == 1, victimAddress);
        var context = fixture.Context(observer);

        var run = new CpuExperiment().RunAsync(context, Settings, ClusterOnly, CancellationToken.None);
        await observer.Seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await fixture.Cluster.KillSiloAsync(victim);
        var result = await run.WaitAsync(TimeSpan.FromSeconds(60));

        var cluster = Assert.Single(result.Strategies).Figures;
        Assert.True(cluster.SameAsLocalRun);
        var chunksPerSilo = cluster.Cluster!.UnitsPerSilo;
        Assert.Equal(Jobs * 20, chunksPerSilo.Values.Sum());
        Assert.True(cluster.Cluster.RetriedJobs > 0, $"the killed silo held a job, yet nothing was retried: {result.Explanation}");
        Assert.Subset(active.ToHashSet(), chunksPerSilo.Keys.ToHashSet());
    }

    [Fact]
    public async Task The_cluster_executor_maps_pi_chunks_on_every_silo_with_the_loops_digest()
    {
        var strategy = ExecutorsExperiment.Mapping(ExecutorCatalog.Cluster, WorkFunctions.PiChunk);

        var result = await new ExecutorsExperiment().RunAsync(fixture.Context(), new ExecutorsSettings(1, 3 * 16), [strategy], CancellationToken.None);

        var figures = Assert.Single(result.Strategies).Figures;
        Assert.True(figures.Identical);
        Assert.Equal((await fixture.ActiveSilosAsync()).Order(), figures.Cluster!.UnitsPerSilo.Keys.Order());
        Assert.Equal(3, figures.Cluster.UnitsPerSilo.Values.Sum());
    }

    [Fact]
    public async Task A_silo_started_mid_map_takes_later_batches()
    {
        var before = await fixture.ActiveSilosAsync();
        using var gate = new GateAfter(firstHeld: 8);
        var executor = (ClusterExecutor)ExecutorCatalog.Create(ExecutorCatalog.Cluster, fixture.Grains, fixture.Context().Cluster.Shape.CoresOfOneSilo, 0, gate);
        const int Items = 40 * 16;

        var map = executor.MapAsync(WorkFunctions.PiChunk, Items, _ => { }, CancellationToken.None);
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await fixture.Cluster.StartAdditionalSiloAsync();
        var after = await fixture.WaitForActiveSilosAsync(ThreeSiloFixture.SiloCount + 1);
        gate.Open.SetResult();
        var digest = await map.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(await new InlineExecutor().MapAsync(WorkFunctions.PiChunk, Items, _ => { }, CancellationToken.None), digest);
        var newcomer = Assert.Single(after.Except(before));
        var jobsPerSilo = executor.LastRun!.JobsPerSilo;
        Assert.True(jobsPerSilo.ContainsKey(newcomer), $"no batch ran on the new silo {newcomer}: {string.Join(", ", jobsPerSilo)}");
        Assert.Equal(40, jobsPerSilo.Values.Sum());
    }

    /// <summary>Completes <see cref="Seen"/> when a unit that <paramref name="matches"/> is sent to <paramref name="silo"/>.</summary>
    private sealed class WaitForSend(Func<WorkKey, bool> matches, string silo) : IClusterObserver
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Sent(WorkKey key, string? to)
        {
            if (to == silo && matches(key))
            {
                Seen.TrySetResult();
            }
        }
    }

    /// <summary>Holds every batch from <paramref name="firstHeld"/> on until <see cref="Open"/>; then has the roster read membership again.</summary>
    private sealed class GateAfter(int firstHeld) : IClusterObserver, IDisposable
    {
        private readonly SemaphoreSlim _refreshOnce = new(1, 1);
        private bool _refreshed;

        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken)
        {
            if (key.Job < firstHeld)
            {
                return;
            }

            Reached.TrySetResult();
            await Open.Task.WaitAsync(cancellationToken);
            await _refreshOnce.WaitAsync(cancellationToken);
            try
            {
                if (!_refreshed)
                {
                    await roster.RefreshAsync(cancellationToken);
                    _refreshed = true;
                }
            }
            finally
            {
                _refreshOnce.Release();
            }
        }

        public void Sent(WorkKey key, string? silo)
        {
        }

        public void Dispose() => _refreshOnce.Dispose();
    }
}
