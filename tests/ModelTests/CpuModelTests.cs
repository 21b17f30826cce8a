using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.ModelTests;

/// <summary>The cpu models are pure functions of the settings, the shape and T1: evaluated here for shapes this machine is not.</summary>
public sealed class CpuModelTests
{
    private static readonly CpuExperiment Cpu = new();
    private static readonly PiCosts Costs = new(T1Seconds: 0.5, LocalPi: Math.PI);

    [Theory]
    // 64 jobs on one grain: they add up, whatever the cluster.
    [InlineData("single-grain", 64, 8, 16, 8, 16, 32.0)]
    // One silo's pool of 16 cores: 64 jobs take 4 x T1.
    [InlineData("stateless-workers", 64, 8, 16, 8, 16, 2.0)]
    // 8 silos x 16 cores on 8 machines: 128 cores for 64 jobs, so one job's time.
    [InlineData("cluster", 64, 8, 16, 8, 16, 0.5)]
    // 8 silos of 16 cores crowded on 1 machine of 16 cores: the machine's cores set the limit, 64 / 16 x T1.
    [InlineData("cluster", 64, 8, 16, 1, 16, 2.0)]
    // 3 silos on 2 cores, 4 jobs: cores, not silos, set it: 4 / 2 x T1.
    [InlineData("cluster", 4, 3, 2, 1, 2, 1.0)]
    // 2 one-core machines, 2 jobs: one job each, side by side.
    [InlineData("cluster", 2, 2, 1, 2, 1, 0.5)]
    // Fewer jobs than cores: one job cannot use more than one core.
    [InlineData("stateless-workers", 2, 1, 16, 1, 16, 0.5)]
    public void Each_strategy_is_modelled_for_any_shape(string strategy, int jobs, int silos, int coresPerSilo, int machines, int coresPerMachine, double seconds)
    {
        var settings = new CpuSettings(jobs, 100_000_000, PiKernel.Scalar);

        var expected = Cpu.Named(strategy).Model(settings, new ClusterShape(silos, coresPerSilo, machines, coresPerMachine), Costs);

        Assert.Equal(seconds, expected.Seconds, 9);
    }

    [Theory]
    // The machine gave 1.25 cores' worth (a neighbour on one core of two): 4 jobs take 4 / 1.25 x T1 in the pool.
    [InlineData(1.25, 1.6)]
    // It gave both cores: 4 / 2 x T1, as the shape alone says.
    [InlineData(2.0, 1.0)]
    // Not measured (a judge test's costs): the shape's cores.
    [InlineData(null, 1.0)]
    public void The_pool_is_modelled_for_the_cores_the_machine_gave(double? freeCores, double seconds)
    {
        var expected = CpuExperiment.StatelessWorkers.Model(new CpuSettings(4, 100_000_000, PiKernel.Scalar), ClusterShape.OneSilo(2), Costs with { FreeCores = freeCores });

        Assert.Equal(seconds, expected.Seconds, 9);
    }

    [Fact]
    public void A_machine_that_gives_too_few_cores_does_not_judge_the_pool()
    {
        var settings = new CpuSettings(4, 100_000_000, PiKernel.Scalar);
        var shape = ClusterShape.OneSilo(2);
        Outcome<CpuFigures> Run(CpuExperiment.Strategy strategy, double seconds, PiCosts costs) =>
            new(strategy, strategy.Model(settings, shape, costs), seconds, new CpuFigures(Math.PI, SameAsLocalRun: true, ErrorVsMathPi: 0, JobsPerSecond: 4 / seconds, CoresBusy: null));
        foreach (var (free, state) in new[] { (1.1, VerdictState.NotJudged), (2.0, VerdictState.DoesNotHold) })
        {
            // The pool measured no faster than one grain: true of a machine with a core to spare, false of one with two.
            var costs = Costs with { FreeCores = free };
            var verdict = Cpu.DecideSteady(settings, shape, costs, [Run(CpuExperiment.SingleGrain, 2.0, costs), Run(CpuExperiment.StatelessWorkers, 1.9, costs)]);

            Assert.Equal(state, verdict.State);
        }
    }

    [Theory]
    // A neighbour came after the costs were measured (2 cores free then, 1.6 in the pool's round): 1.38x is what the
    // round's cores allow (bound 0.8 x 1.6), and the claim holds; judged on the cores measured once, it failed.
    [InlineData(2.0, 1.6, 1.45, VerdictState.Holds)]
    // The same speedup in a round that had both cores: the pool left a core idle, and the claim does not hold.
    [InlineData(2.0, 2.0, 1.45, VerdictState.DoesNotHold)]
    // Busy when the costs were measured, quiet in the round: the round decides, and a pool at 1x fails.
    [InlineData(1.2, 2.0, 2.0, VerdictState.DoesNotHold)]
    // Quiet then, a core taken in the round: the round cannot show a pool's gain, so it is not judged.
    [InlineData(2.0, 1.1, 2.0, VerdictState.NotJudged)]
    public void The_pool_is_judged_on_the_cores_its_own_round_gave(double freeWhenMeasured, double freeInTheRound, double poolSeconds, VerdictState state)
    {
        var costs = Costs with { FreeCores = freeWhenMeasured };

        var verdict = Cpu.DecideSteady(FourJobs, TwoCores, costs,
        [
            Crunched(CpuExperiment.SingleGrain, 2.0, costs, localJobSeconds: 0.5),
            Crunched(CpuExperiment.StatelessWorkers, poolSeconds, costs, freeCores: freeInTheRound),
        ]);

        Assert.True(state == verdict.State, $"{verdict.State} {verdict.NotJudgedReason}: {string.Join("; ", verdict.Checks.Select(c => c.Line))}");
    }

    [Fact]
    public void A_round_short_of_cores_is_set_aside_and_the_other_rounds_decide_the_pool()
    {
        // Five rounds of a pool at 1.9x on two cores; in the third a neighbour left 1.1 cores' worth and the pool
        // crawled. That round is no sample of what the pool does with two cores: the four others decide it.
        var costs = Costs with { FreeCores = 2.0 };
        var rounds = new[] { (1.03, 2.0), (1.05, 1.95), (1.9, 1.1), (1.04, 1.98), (1.06, 2.0) }.Select(r => (IReadOnlyList<Outcome<CpuFigures>>)
        [
            Crunched(CpuExperiment.SingleGrain, 2.0, costs, localJobSeconds: 0.5),
            Crunched(CpuExperiment.StatelessWorkers, r.Item1, costs, freeCores: r.Item2),
        ]).ToList();

        var verdict = Cpu.Decide(FourJobs, TwoCores, costs, rounds);

        Assert.True(verdict.State == VerdictState.Holds, $"{verdict.State} {verdict.NotJudgedReason}: {string.Join("; ", verdict.Checks.Select(c => c.Line))}");
        var pool = verdict.Checks.Single(c => c.Figure == $"{CpuExperiment.StatelessWorkers} speedup over {CpuExperiment.SingleGrain}");
        Assert.Equal(4, pool.Samples.Count);
        Assert.Contains("1.1 cores' worth", Assert.Single(pool.Unread), StringComparison.Ordinal);
        Assert.Contains("1 of 5 rounds not read", pool.Line, StringComparison.Ordinal);

        // The terminal's table says so too: the cell counts the round it left out, and a line under it says why.
        Assert.EndsWith("(n=4, 1 unread)", Client.Output.ReportRenderer.MeasuredCell(pool), StringComparison.Ordinal);
        var terminal = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(terminal), Ansi = Spectre.Console.AnsiSupport.No });
        console.Profile.Width = 400;
        Client.Output.ReportRenderer.RenderExperiment(console, new ExperimentResult("cpu", "claim", FourJobs, TwoCores, costs, [], verdict) { Rounds = 5 });
        Assert.Contains($"{pool.Figure}: 1 round(s) not read: the machine gave 1.1 cores' worth", terminal.ToString().ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public void A_pool_no_round_could_read_leaves_the_claim_not_judged_with_the_cores_it_had()
    {
        var costs = Costs with { FreeCores = 2.0 };
        var rounds = new[] { 1.1, 1.2 }.Select(free => (IReadOnlyList<Outcome<CpuFigures>>)
        [
            Crunched(CpuExperiment.SingleGrain, 2.0, costs, localJobSeconds: 0.5),
            Crunched(CpuExperiment.StatelessWorkers, 1.9, costs, freeCores: free),
        ]).ToList();

        var verdict = Cpu.Decide(FourJobs, TwoCores, costs, rounds);

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.DoesNotContain(verdict.Checks, c => c.Figure.StartsWith(CpuExperiment.StatelessWorkers.Name, StringComparison.Ordinal));
        Assert.Contains("1.1 cores' worth", verdict.NotJudgedReason, StringComparison.Ordinal);
        Assert.Contains("in each of the 2 round(s)", verdict.NotJudgedReason, StringComparison.Ordinal);
    }

    [Theory]
    // T1 was measured while a neighbour was busy (0.75 s, not 0.5 s): 4 jobs on one grain take 2 s, as 4 x the
    // round's own local job says, and the claim holds; judged against the T1 measured once, it read 1.5x and failed.
    [InlineData(0.75, 2.0, 0.5, VerdictState.Holds)]
    // The grain really beat its jobs one after another (turns overlapped): 4 jobs in 1 s against 4 x 0.5 s.
    [InlineData(0.5, 1.0, 0.5, VerdictState.DoesNotHold)]
    // The same overlap, whatever T1 the rounds began with.
    [InlineData(0.75, 1.0, 0.5, VerdictState.DoesNotHold)]
    public void The_serial_check_compares_one_grain_with_its_own_rounds_local_job(double t1, double grainSeconds, double localJobSeconds, VerdictState state)
    {
        var costs = Costs with { T1Seconds = t1 };
        var single = Crunched(CpuExperiment.SingleGrain, grainSeconds, costs, localJobSeconds: localJobSeconds);

        var verdict = Cpu.DecideSteady(FourJobs, TwoCores, costs, [single]);

        Assert.True(state == verdict.State, $"{verdict.State}: {string.Join("; ", verdict.Checks.Select(c => $"{c.Figure} {c.Measured}"))}");
    }

    private static readonly CpuSettings FourJobs = new(4, 100_000_000, PiKernel.Scalar);

    private static readonly ClusterShape TwoCores = ClusterShape.OneSilo(2);

    /// <summary>A round of 4 jobs on 2 cores that took <paramref name="seconds"/>, with its own yardsticks where given.</summary>
    private static Outcome<CpuFigures> Crunched(CpuExperiment.Strategy strategy, double seconds, PiCosts costs, double? localJobSeconds = null, double? freeCores = null) =>
        new(strategy, strategy.Model(FourJobs, TwoCores, costs), seconds,
            new CpuFigures(Math.PI, SameAsLocalRun: true, ErrorVsMathPi: 0, JobsPerSecond: 4 / seconds, CoresBusy: null, LocalJobSeconds: localJobSeconds, FreeCores: freeCores));
}
