using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Concurrency.Tests;

/// <summary>
/// A silo killed at each step of a cluster strategy's setup: while the roster reads membership, while the silos are
/// described, while the dispatchers are warmed. The run must give the single-silo pi to the last bit, count every
/// chunk once, and never wait for the dead silo: its first chunk goes out well within the client's response timeout
/// (30 s), because membership declares the silo dead in seconds and every setup call races that declaration.
/// </summary>
[Collection(ThreeSiloCollection.Name)]
public sealed class ClusterSetupKillTests(ThreeSiloFixture fixture) : IAsyncLifetime
{
    private const int Jobs = 6;
    private const long ChunkTerms = 2_000_000;
    private const int ChunksPerJob = 10;

    private static readonly CpuSettings Settings = new(Jobs, ChunksPerJob * ChunkTerms, PiKernel.Scalar, ChunkTerms);

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(ClusterPhase.Roster)]
    [InlineData(ClusterPhase.Describe)]
    [InlineData(ClusterPhase.WarmUp)]
    public async Task A_silo_killed_during_setup_is_not_waited_for_and_the_run_is_exact(ClusterPhase phase)
    {
        var victim = fixture.Cluster.Silos.Skip(1).First(); // never the first silo: it holds the test cluster's membership table
        var victimAddress = victim.SiloAddress.ToParsableString();
        var responseTimeout = fixture.Cluster.Client.ServiceProvider.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout;
        var observer = new KillAt(phase, victimAddress, () => fixture.Cluster.KillSiloAsync(victim));

        var result = await new CpuExperiment().RunAsync(fixture.Context(observer), Settings, [CpuExperiment.ClusterWide], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.True(observer.Killed.Task.IsCompletedSuccessfully, $"the {phase} step never listed {victimAddress}, so the test killed nothing");
        var cluster = Assert.Single(result.Strategies).Figures;
        Assert.True(cluster.SameAsLocalRun);
        var chunksPerSilo = cluster.Cluster!.UnitsPerSilo;
        Assert.Equal(Jobs * ChunksPerJob, chunksPerSilo.Values.Sum());
        Assert.DoesNotContain(victimAddress, chunksPerSilo.Keys);
        var setupAfterKill = observer.FirstSentAfterKill;
        Assert.True(setupAfterKill < responseTimeout / 2,
            $"the first chunk went out {setupAfterKill.TotalSeconds:0.#} s after the kill at {phase}: setup waited for the dead silo (response timeout {responseTimeout.TotalSeconds:0} s)");
    }

    /// <summary>Kills the victim when setup enters <paramref name="phase"/> with it listed; times the kill to the first chunk sent.</summary>
    private sealed class KillAt(ClusterPhase phase, string victim, Func<Task> kill) : IClusterObserver
    {
        private readonly Stopwatch _sinceKill = new();
        private long _firstSentTicks = -1;

        public TaskCompletionSource Killed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan FirstSentAfterKill => TimeSpan.FromTicks(Interlocked.Read(ref _firstSentTicks));

        public async ValueTask EnteringAsync(ClusterPhase entering, IReadOnlyList<string> silos, CancellationToken cancellationToken)
        {
            if (entering == phase && silos.Contains(victim) && !Killed.Task.IsCompleted)
            {
                await kill();
                _sinceKill.Start();
                Killed.SetResult();
            }
        }

        public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Sent(WorkKey key, string? silo) =>
            Interlocked.CompareExchange(ref _firstSentTicks, _sinceKill.Elapsed.Ticks, -1);
    }
}
