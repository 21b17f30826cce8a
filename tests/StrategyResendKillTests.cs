using System.Collections.Concurrent;
using System.Diagnostics;
using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Concurrency.Tests;

/// <summary>
/// A silo killed under a strategy that is not a cluster strategy, while a unit is in flight on it: the silo holding
/// the grain (the one cruncher, the downloader; for a stateless worker, which runs wherever the gateway is, another silo).
/// Orleans does not resend the call, and before the resend path the run either waited out the response timeout or
/// was stopped by the death watch. Now the unit is sent again, Orleans activates the grain anew on a live silo, and
/// the run completes exact, every unit counted once, with its time not judged.
/// </summary>
[Collection(ThreeSiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class StrategyResendKillTests(ThreeSiloFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>A backstop for the whole run, its cost measurements included, so a broken resend path fails rather than hangs.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(120);

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("single-grain")]
    [InlineData("stateless-workers")]
    public async Task A_cpu_strategy_whose_silo_dies_mid_run_resends_its_chunks_and_gives_the_exact_pi(string strategy)
    {
        // Two chunks of 150M terms each (hundreds of milliseconds, and longer on a busy machine): the kill comes
        // 0.1 s into the second.
        var settings = new CpuSettings(Jobs: 1, Terms: 2 * 150_000_000L, PiKernel.Scalar, ChunkTerms: 150_000_000L);
        var killer = new KillHostDuring(fixture, new WorkKey(0, 1));

        using var limit = new CancellationTokenSource(RunLimit);
        var cpu = new CpuExperiment();
        var result = await cpu.RunAsync(fixture.Context(killer, killer.Progress), settings, [cpu.Named(strategy)], limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));

        var victim = await killer.KilledAsync();
        var run = Assert.Single(result.Strategies);
        output.WriteLine(killer.Describe(victim));
        Assert.True(run.Figures.SameAsLocalRun, $"pi {run.Figures.Result:R} after {victim.Silo} died");
        AssertLostAndNotJudged(result, run, victim, killer);
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("concurrent")]
    public async Task A_downloads_strategy_whose_downloader_dies_counts_every_download_once(string strategy)
    {
        const int Count = 3;
        var settings = new DownloadsSettings(Count, TimeSpan.FromSeconds(2));
        var killer = new KillHostDuring(fixture, strategy == DownloadsExperiment.Sequential.Name ? new WorkKey(0, 1) : new WorkKey(0, 0));

        using var limit = new CancellationTokenSource(RunLimit);
        var downloads = new DownloadsExperiment();
        var result = await downloads.RunAsync(fixture.Context(killer, killer.Progress), settings, [downloads.Named(strategy)], limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));

        var victim = await killer.KilledAsync();
        var run = Assert.Single(result.Strategies);
        output.WriteLine(killer.Describe(victim));
        var figures = run.Figures;
        Assert.Equal((Count, Count), (figures.Downloads, figures.Succeeded));
        AssertLostAndNotJudged(result, run, victim, killer);
        Assert.True(victim.HeldTheGrain, $"the downloader was not on {victim.Silo}: the test did not kill its host");
        Assert.True(run.Resends!.RetriedUnits >= 1, run.Resends.Describe());
    }

    [Theory]
    [InlineData("gather")]
    [InlineData("reentrant")]
    public async Task An_async_fetch_strategy_whose_event_loop_dies_counts_every_fetch_once(string strategy)
    {
        const int Count = 4;
        var settings = new AsyncFetchSettings(Count, TimeSpan.FromSeconds(2));
        var killer = new KillHostDuring(fixture, new WorkKey(0, 0));

        using var limit = new CancellationTokenSource(RunLimit);
        var asyncFetch = new AsyncFetchExperiment();
        var result = await asyncFetch.RunAsync(fixture.Context(killer, killer.Progress), settings, [asyncFetch.Named(strategy)], limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));

        var victim = await killer.KilledAsync();
        var run = Assert.Single(result.Strategies);
        output.WriteLine(killer.Describe(victim));
        var figures = run.Figures;
        Assert.Equal((Count, Count), (figures.Fetches, figures.Succeeded));
        Assert.True(victim.HeldTheGrain, $"the event loop was not on {victim.Silo}: the test did not kill its host");
        AssertLostAndNotJudged(result, run, victim, killer);
    }

    [Theory]
    [InlineData("in-turn")]
    [InlineData("released")]
    public async Task A_native_strategy_whose_kernel_grain_dies_gives_every_kernels_sum(string strategy)
    {
        // Three kernels of 150M terms (hundreds of milliseconds each): the kill comes 0.1 s into the second, and the
        // pings in flight on the dead silo are sent again with it.
        var settings = new NativeSettings(Kernels: 3, Terms: 150_000_000L, Rate: 200);
        var killer = new KillHostDuring(fixture, new WorkKey(0, 1));

        using var limit = new CancellationTokenSource(RunLimit);
        var native = new NativeExperiment();
        var result = await native.RunAsync(fixture.Context(killer, killer.Progress), settings, [native.Named(strategy)], limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));

        var victim = await killer.KilledAsync();
        var run = Assert.Single(result.Strategies);
        output.WriteLine(killer.Describe(victim));
        var figures = run.Figures;
        Assert.True(figures.SameAsLocalRun && figures.Kernels == 3, $"{figures.Kernels} kernel(s), same as the local sum: {figures.SameAsLocalRun}");
        Assert.True(victim.HeldTheGrain, $"the kernel grain was not on {victim.Silo}: the test did not kill its host");
        Assert.True(run.Resends!.RetriedUnits >= 1, run.Resends.Describe());
        AssertLostAndNotJudged(result, run, victim, killer);
    }

    [Theory]
    [InlineData("compute-in-handler")]
    [InlineData("offload-to-workers")]
    public async Task A_mixed_strategy_whose_handler_dies_answers_every_request_and_every_job(string strategy)
    {
        // Requests of 50 ms for 2 s beside two jobs of 300M terms: the kill comes 0.1 s into the first job.
        var settings = new MixedSettings(Requests: 100, Rate: 50, TimeSpan.FromMilliseconds(50), Jobs: 2, Terms: 300_000_000L);
        var killer = new KillHostDuring(fixture, new WorkKey(1, 0));

        using var limit = new CancellationTokenSource(RunLimit);
        var mixed = new MixedExperiment();
        var result = await mixed.RunAsync(fixture.Context(killer, killer.Progress), settings, [mixed.Named(strategy)], limit.Token).WaitAsync(RunLimit + TimeSpan.FromSeconds(30));

        var victim = await killer.KilledAsync();
        var run = Assert.Single(result.Strategies);
        output.WriteLine(killer.Describe(victim));
        var figures = run.Figures;
        Assert.True(figures.SameAsLocalRun, $"pi {figures.Result:R} after {victim.Silo} died");
        Assert.Equal((100, 100), (figures.Requests, figures.Succeeded));
        Assert.True(victim.HeldTheGrain, $"the handler was not on {victim.Silo}: the test did not kill its host");
        AssertLostAndNotJudged(result, run, victim, killer);
    }

    private static void AssertLostAndNotJudged(ExperimentResult result, StrategyResult run, Killed victim, KillHostDuring killer)
    {
        killer.Note("checked the run");

        // A unit that waited for the dead silo gets its answer only after a response timeout: the resend path must never
        // rely on one. Decided from the calls' own failures, not from wall time, which a loaded test process stretches
        // (a run seen here waited 21 s for a resent chunk behind 77 queued work items, with no timeout in it).
        var timedOut = killer.Failures.Where(f => f.Failure is TimeoutException).ToList();
        Assert.True(timedOut.Count == 0, $"{timedOut.Count} call(s) waited out the response timeout, so the run waited for the dead silo: {string.Join("; ", timedOut.Select(f => $"unit {f.Unit}: {f.Failure.Message}"))}; {killer.Describe(victim)}");
        var resends = run.Resends ?? throw new Xunit.Sdk.XunitException($"{run.Name} reported no resend path");
        Assert.Contains(victim.Silo, resends.SilosLost.Select(l => l.Silo));
        if (victim.HeldTheGrain)
        {
            // The unit went to a silo already dead: it can only have been answered by being sent again.
            Assert.True(resends.RetriedUnits >= 1, resends.Describe());
        }

        Assert.Equal(VerdictState.NotJudged, result.Verdict.State);
        Assert.Contains("died mid-run", result.Verdict.NotJudgedReason, StringComparison.Ordinal);
        Assert.All(result.Verdict.Checks, c => Assert.Null(c.Measured)); // only facts: no time was judged
    }

    /// <summary>The silo killed, whether it held the unit's grain, and when (a <see cref="Stopwatch"/> timestamp).</summary>
    private sealed record Killed(string Silo, bool HeldTheGrain, long At);

    /// <summary>
    /// Once unit <paramref name="key"/> has gone out, kills the silo that holds its grain (looked up in the directory;
    /// a stateless worker is not in it, so then a silo other than the first), <see cref="Into"/> after the send: the
    /// tests make that unit last seconds (a 2 s download, a chunk of hundreds of millions of terms), so the kill lands
    /// while the call is in flight on the silo, the case Orleans does not recover by itself.
    /// </summary>
    private sealed class KillHostDuring(ThreeSiloFixture fixture, WorkKey key) : IClusterObserver
    {
        public static readonly TimeSpan Into = TimeSpan.FromMilliseconds(100);

        private const int LookupTries = 5;

        private static readonly TimeSpan LookupFor = TimeSpan.FromSeconds(5);

        public TaskCompletionSource<Killed> Victim { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>When the run's roster saw a silo leave, for a failure to tell a slow declaration from a roster that never heard.</summary>
        public ConcurrentQueue<(string Silo, long At)> Departures { get; } = new();

        public void Left(string silo)
        {
            Departures.Enqueue((silo, Stopwatch.GetTimestamp()));
            Note($"roster: {silo} left");
        }

        /// <summary>
        /// What the run did, with the thread pool's state at each step, for a failure to say where the time after the
        /// kill went: the units sent (and sent again), the strategies' progress starting and ending, the departures.
        /// </summary>
        public ConcurrentQueue<(long At, string What)> Timeline { get; } = new();

        public void Note(string what) =>
            Timeline.Enqueue((Stopwatch.GetTimestamp(), $"{what} [pool {ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued]"));

        /// <summary>A progress sink that notes when each strategy's progress starts and ends.</summary>
        public Client.Output.IProgressSink Progress => new NotingProgress(this);

        private sealed class NotingProgress(KillHostDuring killer) : Client.Output.IProgressSink
        {
            public Client.Output.IProgressTask Start(Client.Output.ProgressLabel label, long total)
            {
                killer.Note($"progress '{label}' started ({total})");
                return new Task(killer, label);
            }

            private sealed class Task(KillHostDuring killer, Client.Output.ProgressLabel label) : Client.Output.IProgressTask
            {
                public void Advance(long amount = 1)
                {
                }

                public void Dispose() => killer.Note($"progress '{label}' ended");
            }
        }

        /// <summary>The silo killed; fails the test if the run never sent the unit through the resend path, so nothing was killed.</summary>
        public async Task<Killed> KilledAsync()
        {
            var waited = await Task.WhenAny(Victim.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            return waited == Victim.Task ? await Victim.Task : throw new Xunit.Sdk.XunitException($"the run never sent unit {key} through its resend path, so no silo was killed");
        }

        public async ValueTask SendingToGrainAsync(WorkKey unit, GrainId grain, CancellationToken cancellationToken)
        {
            // Armed once: the unit's resend comes back here while the kill may still be under way, and must neither
            // look its grain up again (a lookup of a grain whose silo is dying waits out its bounds) nor kill twice.
            Note($"sending unit {unit} to grain {grain}");
            if (unit != key || Interlocked.Exchange(ref _armed, 1) == 1)
            {
                return;
            }

            var host = await HostAsync(grain, cancellationToken);

            var victim = fixture.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host)) ?? fixture.Cluster.Silos[1];
            var survivor = fixture.Cluster.Silos.First(s => s != victim);
            Silos = string.Join(", ", fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()));
            _ = Task.Run(
                async () =>
                {
                    // When a survivor's membership declared the victim dead: the event the roster's departure follows.
                    var updates = survivor.ServiceProvider.GetRequiredService<IClusterMembershipService>().MembershipUpdates;
                    _ = Task.Run(async () =>
                    {
                        await foreach (var snapshot in updates.WithCancellation(CancellationToken.None))
                        {
                            if (snapshot.GetSiloStatus(victim.SiloAddress) == SiloStatus.Dead)
                            {
                                Declared = Stopwatch.GetTimestamp();
                                return;
                            }
                        }
                    });
                    await Task.Delay(Into, CancellationToken.None);
                    Note($"killing {victim.SiloAddress.ToParsableString()}");
                    await fixture.Cluster.KillSiloAsync(victim, CancellationToken.None);
                    Note("killed");
                    Victim.SetResult(new Killed(victim.SiloAddress.ToParsableString(), host is not null, Stopwatch.GetTimestamp()));
                },
                CancellationToken.None);
        }

        /// <summary>
        /// Where <paramref name="grain"/> is active: the directory, and where it has no entry yet, the silos' own lists
        /// of their activations; null for a stateless worker, which runs on the silo of whichever gateway the call goes
        /// through. The management grain is one activation, and a silo an earlier test killed may have held it or its
        /// directory entry: a call can then be refused, or go unanswered for a response timeout, while the cluster recovers
        /// it, so each ask is bounded and asked afresh after a short backoff. Finding the host is the test's own machinery; nothing timed depends on it.
        /// </summary>
        private async Task<SiloAddress?> HostAsync(GrainId grain, CancellationToken cancellationToken)
        {
            var management = fixture.Grains.GetGrain<IManagementGrain>(0);
            for (var attempt = 1; ; attempt++)
            {
                using var ask = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                ask.CancelAfter(LookupFor);
                try
                {
                    return await management.GetActivationAddress(fixture.Grains.GetGrain(grain), ask.Token).AsTask().WaitAsync(ask.Token)
                        ?? (await management.GetDetailedGrainStatistics(null, null, ask.Token).WaitAsync(ask.Token)).FirstOrDefault(s => s.GrainId == grain)?.SiloAddress;
                }
                catch (InvalidOperationException)
                {
                    return null;
                }
                catch (Exception e) when ((e is OperationCanceledException || Failure.Classify(e) != FailureKind.Fatal) && !cancellationToken.IsCancellationRequested && attempt < LookupTries)
                {
                    // Refused by a silo that is leaving, or unanswered: membership settles within a probe or two.
                    await Task.Delay(LookupFor / 10 * attempt, cancellationToken);
                }
            }
        }

        /// <summary>When (a <see cref="Stopwatch"/> timestamp) a surviving silo's membership declared the victim dead; 0 until then.</summary>
        public long Declared { get; private set; }

        private string Silos { get; set; } = "";

        private int _armed;

        public string Describe(Killed victim)
        {
            string After(long at) => $"{(Stopwatch.GetElapsedTime(victim.At) - Stopwatch.GetElapsedTime(at)).TotalSeconds:0.0} s after the kill";
            var declared = Declared == 0 ? "no survivor declared it dead" : $"a survivor declared it dead {After(Declared)}";
            var seen = Departures.IsEmpty ? "the run's roster saw no silo leave" : string.Join("; ", Departures.Select(d => $"the roster saw {d.Silo} leave {After(d.At)}"));
            var timeline = string.Join(Environment.NewLine, Timeline.Select(e => $"  {(Stopwatch.GetElapsedTime(victim.At) - Stopwatch.GetElapsedTime(e.At)).TotalSeconds,7:+0.00;-0.00;0.00} s  {e.What}"));
            return $"killed {victim.Silo} of {Silos}: {declared}; {seen}; the run, from the kill:{Environment.NewLine}{timeline}";
        }

        public ValueTask SendingAsync(WorkKey unit, SiloRoster roster, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Sent(WorkKey unit, string? silo) => Note($"sent unit {unit}{(silo is null ? "" : $" to {silo}")}");

        /// <summary>The calls that failed (and were sent again), with the failure.</summary>
        public ConcurrentQueue<(WorkKey Unit, Exception Failure)> Failures { get; } = new();

        public void Failed(WorkKey unit, Exception failure)
        {
            Failures.Enqueue((unit, failure));
            Note($"unit {unit} failed: {failure.GetType().Name}");
        }
    }
}
