using Concurrency.Tests.Infrastructure;
using Concurrency.Abstractions;
using Concurrency.Client.Executors;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>
/// The executors models and judge, evaluated for shapes this machine is not: 10,000,000 doubled items are 10 batches
/// of 1,048,576 and 400 pi chunks are 25 batches of 16; T is 20 ms and 400 ms, a call 100 µs.
/// </summary>
public sealed class ExecutorsModelTests
{
    private static readonly ExecutorsExperiment Experiment = new();
    private static readonly ExecutorsSettings Settings = new(10_000_000, 400);
    private static readonly WorkDigest PiDigest = new(400, Math.PI / 4, 0x1234, 1, 0);
    private static readonly ExecutorsCosts Costs = new(
        new InlineRun(WorkFunctions.Doubling.Name, 10_000_000, 0.020, new WorkDigest(10_000_000, 1e7 * (1e7 - 1), 0x5678, 0, 2e7 - 2)),
        new InlineRun(WorkFunctions.PiChunk.Name, 400, 0.400, PiDigest),
        0.0001);

    private static readonly ClusterShape EightBySixteen = new(8, 16, 8, 16);
    private static readonly ClusterShape TwoCores = ClusterShape.OneSilo(2);

    public static TheoryData<string, string, double> EightSilos => new()
    {
        // The loop: T.
        { ExecutorCatalog.Inline, "double", 0.020 },
        { ExecutorCatalog.Inline, "pi-chunk", 0.400 },

        // One grain: T plus a call for each batch.
        { ExecutorCatalog.SingleGrain, "double", 0.020 + (10 * 0.0001) },
        { ExecutorCatalog.SingleGrain, "pi-chunk", 0.400 + (25 * 0.0001) },

        // 16 cores take 10 batches in one round (one batch's share of T), 25 batches in two (32 of 400 items).
        { ExecutorCatalog.StatelessPool, "double", (0.020 * 1_048_576 / 10_000_000) + 0.0001 },
        { ExecutorCatalog.StatelessPool, "pi-chunk", (0.400 * 32 / 400) + (2 * 0.0001) },

        // 8 silos: at most ceil(25 / 8) = 4 batches on a silo of 16 cores, one round.
        { ExecutorCatalog.Cluster, "double", (0.020 * 1_048_576 / 10_000_000) + 0.0001 },
        { ExecutorCatalog.Cluster, "pi-chunk", (0.400 * 16 / 400) + 0.0001 },
    };

    [Theory]
    [MemberData(nameof(EightSilos))]
    public void Each_strategy_is_modelled_for_eight_silos_of_sixteen_cores(string executor, string function, double seconds) =>
        Assert.Equal(seconds, Name(executor, function).Model(Settings, EightBySixteen, Costs).Seconds, 12);

    [Fact]
    public void Silos_that_share_one_machine_share_its_cores()
    {
        // Four silos of 16 cores on one 16-core machine: 25 batches need two rounds of 16, as on one silo.
        var shared = new ClusterShape(4, 16, 1, 16);

        Assert.Equal((0.400 * 32 / 400) + (2 * 0.0001), Name(ExecutorCatalog.Cluster, "pi-chunk").Model(Settings, shared, Costs).Seconds, 12);
    }

    [Fact]
    public void Strategies_are_whole_executor_function_pairs()
    {
        Assert.Equal(ExecutorCatalog.Names.Count * WorkFunctions.All.Count, Experiment.Strategies.Count);
        Assert.Contains("stateless-pool/double", Experiment.Strategies.Select(s => s.Name));
        Assert.Throws<Hosting.UsageException>(() => Experiment.Prepare(new SettingValues(null, false, [ExecutorCatalog.StatelessPool])));
    }

    [Fact]
    public void A_pool_near_its_model_on_two_cores_holds()
    {
        var verdict = Judge(TwoCores, (ExecutorCatalog.Inline, 0.40), (ExecutorCatalog.SingleGrain, 0.41), (ExecutorCatalog.StatelessPool, 0.22));

        Assert.Equal(VerdictState.Holds, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure.StartsWith("stateless-pool/pi-chunk speedup", StringComparison.Ordinal) && c.Outcome == CheckOutcome.Pass);
    }

    [Fact]
    public void A_pool_too_slow_for_its_model_does_not_hold()
    {
        // Modelled speedup on two cores: 0.4025 / (0.4 x 208 / 400 + 13 calls) = 1.92; 0.6 of it is 1.15, and 0.41 / 0.4 is 1.03.
        var verdict = Judge(TwoCores, (ExecutorCatalog.SingleGrain, 0.41), (ExecutorCatalog.StatelessPool, 0.40));

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Equal(CheckOutcome.Fail, verdict.Checks.Single(c => c.Figure.StartsWith("stateless-pool/pi-chunk", StringComparison.Ordinal)).Outcome);
    }

    [Fact]
    public void A_speedup_above_the_cores_is_a_measurement_fault()
    {
        var verdict = Judge(TwoCores, (ExecutorCatalog.SingleGrain, 0.41), (ExecutorCatalog.StatelessPool, 0.10));

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Equal(CheckOutcome.Fault, verdict.Checks.Single(c => c.Figure.StartsWith("stateless-pool/pi-chunk", StringComparison.Ordinal)).Outcome);
    }

    [Fact]
    public void One_grain_faster_than_the_loop_does_not_hold()
    {
        var verdict = Judge(TwoCores, (ExecutorCatalog.SingleGrain, 0.20), (ExecutorCatalog.StatelessPool, 0.11));

        Assert.Equal(CheckOutcome.Fail, verdict.Checks.Single(c => c.Figure.StartsWith("single-grain/pi-chunk", StringComparison.Ordinal)).Outcome);
    }

    [Fact]
    public void A_digest_other_than_the_loops_does_not_hold()
    {
        var verdict = Judge(TwoCores, [(ExecutorCatalog.SingleGrain, 0.41), (ExecutorCatalog.StatelessPool, 0.22)], PiDigest with { Hash = 0x4321 });

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.False(verdict.Checks.Single(c => c.Figure.StartsWith("pi-chunk: the digest", StringComparison.Ordinal)).Passed);
    }

    [Fact]
    public void One_core_or_no_single_grain_is_not_judged()
    {
        Assert.Equal(VerdictState.NotJudged, Judge(ClusterShape.OneSilo(1), (ExecutorCatalog.SingleGrain, 0.41), (ExecutorCatalog.StatelessPool, 0.41)).State);
        Assert.Equal(VerdictState.NotJudged, Judge(TwoCores, (ExecutorCatalog.Inline, 0.40), (ExecutorCatalog.StatelessPool, 0.22)).State);
    }

    [Fact]
    public void Double_times_decide_nothing()
    {
        // A pool "faster" than two cores allow on a map of milliseconds: stated, neither a pass nor a fault.
        var doubling = Costs.Doubling.Digest;
        var verdict = Experiment.DecideSteady(Settings, TwoCores, Costs, [.. new[] { (ExecutorCatalog.SingleGrain, 0.021), (ExecutorCatalog.StatelessPool, 0.002) }.Select(r =>
        {
            var name = Name(r.Item1, "double");
            var figures = new ExecutorsFigures(r.Item1, "double", 10_000_000, 10, 1e7 / r.Item2, doubling.Sum, $"{doubling.Hash:x16}", true);
            return new Outcome<ExecutorsFigures>(name, name.Model(Settings, TwoCores, Costs), r.Item2, figures);
        })]);

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.All(verdict.Checks, c => Assert.Null(c.Measured));
    }

    private static ExecutorsExperiment.Strategy Name(string executor, string function) => ExecutorsExperiment.Mapping(executor, WorkFunctions.Get(function));

    [Fact]
    public void A_strategy_timed_twice_keeps_the_faster_runs_speed_and_fails_if_either_run_got_a_wrong_result()
    {
        var right = new ExecutorsFigures(ExecutorCatalog.StatelessPool, "pi-chunk", 400, 25, 2000, Math.PI, "1234", true);
        var wrong = right with { ItemsPerSecond = 1000, Identical = false };

        Assert.False(new ExecutorsExperiment().Merge(right, [wrong, right]).Identical);
        Assert.Equal(2000, new ExecutorsExperiment().Merge(right, [wrong, right]).ItemsPerSecond);
        Assert.True(new ExecutorsExperiment().Merge(right, [right, right]).Identical);
    }

    [Fact]
    public void A_cluster_run_that_redid_work_is_not_hidden_by_a_faster_run_after_it()
    {
        var calm = new Client.Cluster.ClusterTally(new Dictionary<string, int> { ["a"] = 2, ["b"] = 2 }, new Dictionary<string, int> { ["a"] = 13, ["b"] = 12 }, 2, 4, 2, 4, 0, 0, 0);
        var cut = calm with { Silos = 3, RetriedJobs = 1, RetriedCalls = 4, DuplicatesDiscarded = 1 };
        var right = new ExecutorsFigures(ExecutorCatalog.Cluster, "pi-chunk", 400, 25, 2000, Math.PI, "1234", true, calm);

        var merged = new ExecutorsExperiment().Merge(right, [right with { Cluster = cut, ItemsPerSecond = 900 }, right]).Cluster!;

        Assert.Equal((3, 1, 4L, 1L), (merged.Silos, merged.RetriedJobs, merged.RetriedCalls, merged.DuplicatesDiscarded));
        Assert.Equal(calm.UnitsPerSilo, merged.UnitsPerSilo);
    }

    private static Verdict Judge(ClusterShape shape, params (string Executor, double Seconds)[] runs) => Judge(shape, runs, PiDigest);

    /// <summary>The judge over pi-chunk runs that took these times and returned <paramref name="digest"/>.</summary>
    private static Verdict Judge(ClusterShape shape, (string Executor, double Seconds)[] runs, WorkDigest digest) =>
        Experiment.DecideSteady(Settings, shape, Costs, [.. runs.Select(r =>
        {
            var name = Name(r.Executor, "pi-chunk");
            var figures = new ExecutorsFigures(r.Executor, "pi-chunk", 400, 25, 400 / r.Seconds, 4 * digest.Sum, $"{digest.Hash:x16}", digest == PiDigest);
            return new Outcome<ExecutorsFigures>(name, name.Model(Settings, shape, Costs), r.Seconds, figures);
        })]);
}
