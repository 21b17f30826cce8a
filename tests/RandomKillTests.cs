using System.Globalization;
using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Concurrency.Tests;

/// <summary>
/// A property over kills at random moments: 20 runs, each of a strategy, a silo and a moment drawn from one seed,
/// from the strategy's first unit sent to past its last (the kills during setup have tests of their own). Whatever the
/// draw, the run completes with the exact result, every unit counted once, and no claim is refuted by the death:
/// its time is set aside, never read as evidence. The seed is printed, and a failure names it and the draw, so
/// <c>CONCURRENCY_KILL_SEED=N dotnet test --filter RandomKillTests</c> replays the same kills.
/// </summary>
[Collection(RandomKillCollection.Name)]
[Trait("Category", "Slow")]
public sealed class RandomKillTests(ThreeSiloFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Runs = 20;
    private const int Downloads = 4;

    private static readonly CpuSettings Cpu = new(Jobs: 2, Terms: 300_000_000L, PiKernel.Scalar, ChunkTerms: 50_000_000L);

    /// <summary>The latest moment drawn, from the strategy's first unit sent: its units span most of it.</summary>
    private static readonly TimeSpan Latest = TimeSpan.FromMilliseconds(1000);

    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);

    private static readonly IStrategy[] Strategies =
    [
        CpuExperiment.SingleGrain, CpuExperiment.StatelessWorkers, CpuExperiment.ClusterWide, DownloadsExperiment.Sequential, DownloadsExperiment.Concurrent,
    ];

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Kills_at_random_moments_leave_every_run_exact_and_no_claim_refuted()
    {
        var seed = Environment.GetEnvironmentVariable("CONCURRENCY_KILL_SEED") is { } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"seed {seed} (CONCURRENCY_KILL_SEED={seed} replays it)");
        var random = new Random(seed);
        for (var run = 0; run < Runs; run++)
        {
            var restoring = System.Diagnostics.Stopwatch.StartNew();
            await fixture.RestoreAsync();
            var restored = restoring.Elapsed;
            var strategy = Strategies[random.Next(Strategies.Length)];
            var victim = fixture.Cluster.Silos[random.Next(fixture.Cluster.Silos.Count)];
            var at = TimeSpan.FromMilliseconds(random.NextDouble() * Latest.TotalMilliseconds);
            var draw = $"seed {seed}, run {run}: {strategy}, silo {victim.SiloAddress} killed {at.TotalMilliseconds:0} ms in";
            output.WriteLine(draw);

            using var limit = new CancellationTokenSource(RunLimit);
            var firstUnit = new FirstUnit();
            var kill = Task.Run(
                async () =>
                {
                    await firstUnit.Seen.Task.WaitAsync(limit.Token);
                    await Task.Delay(at, CancellationToken.None);
                    await fixture.Cluster.KillSiloAsync(victim, CancellationToken.None);
                },
                CancellationToken.None);
            var result = await RunAsync(strategy, firstUnit, limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));
            await kill;

            Assert.True(result.Complete, draw);
            var outcome = Assert.Single(result.Strategies);
            AssertExact(outcome, draw);
            Assert.True(result.Verdict.State != VerdictState.DoesNotHold, $"{draw}: the claim was refuted: {result.Verdict}");
            output.WriteLine($"  {result.Verdict.State}, {outcome.Resends?.Describe() ?? "no resend path"}; restore {restored.TotalSeconds:0.0} s, run {(restoring.Elapsed - restored).TotalSeconds:0.0} s");
        }
    }

    // Chunks of 50M terms, tens of milliseconds each, and reads of 0.8 s: the strategies' work spans most of the
    // window, so the kill lands in setup, between units or in one.
    private async Task<ExperimentResult> RunAsync(IStrategy strategy, FirstUnit observer, CancellationToken cancellationToken) => strategy switch
    {
        CpuExperiment.Strategy cpu => await new CpuExperiment().RunAsync(fixture.Context(observer), Cpu, [cpu], cancellationToken),
        DownloadsExperiment.Strategy downloads => await new DownloadsExperiment().RunAsync(fixture.Context(observer), new DownloadsSettings(Downloads, TimeSpan.FromMilliseconds(800)), [downloads], cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a strategy this test kills"),
    };

    private static void AssertExact(StrategyResult outcome, string draw)
    {
        switch (outcome.Metrics)
        {
            case CpuFigures cpu:
                Assert.True(cpu.SameAsLocalRun, $"{draw}: pi {cpu.Result:R} is not the local run's");
                if (cpu.Cluster is { } cluster)
                {
                    var chunks = Cpu.Jobs * Cpu.ChunksPerJob;
                    Assert.True(cluster.UnitsPerSilo.Values.Sum() == chunks, $"{draw}: {cluster.UnitsPerSilo.Values.Sum()} chunks counted, not {chunks}");
                }

                break;
            case DownloadsFigures downloads:
                Assert.True((downloads.Downloads, downloads.Succeeded, downloads.Failed) == (Downloads, Downloads, 0), $"{draw}: {downloads.Succeeded}/{downloads.Downloads} succeeded, {downloads.Failed} failed");
                break;
            default:
                throw new Xunit.Sdk.XunitException($"{draw}: figures of an unexpected type {outcome.Metrics.GetType().Name}");
        }
    }

    /// <summary>Completes <see cref="Seen"/> when the strategy sends its first unit, by either resend path.</summary>
    private sealed class FirstUnit : Client.Cluster.IClusterObserver
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask SendingAsync(Client.Cluster.WorkKey key, Client.Cluster.SiloRoster roster, CancellationToken cancellationToken)
        {
            Seen.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask SendingToGrainAsync(Client.Cluster.WorkKey key, GrainId grain, CancellationToken cancellationToken)
        {
            Seen.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public void Sent(Client.Cluster.WorkKey key, string? silo)
        {
        }
    }
}
