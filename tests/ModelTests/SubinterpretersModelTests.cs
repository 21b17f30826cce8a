using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The subinterpreters' message model and its judge on ways built by hand.</summary>
public sealed class SubinterpretersModelTests
{
    private static readonly SubinterpretersExperiment Subinterpreters = new();
    private static readonly SubinterpretersSettings Settings = new(Starts: 3, Bytes: 65536, Calls: 20);
    private static readonly PathFit Neighbour = new(PayloadPath.SiloInProcess, 1024, 0.1 + 1024e-6, 1 << 20, 0.1 + (1 << 20) * 1e-6);
    private static readonly PathFit Process = new(PayloadPath.SiloProcess, 1024, 0.2 + 2048e-6, 1 << 20, 0.2 + (1 << 21) * 1e-6);
    private static readonly SubinterpretersCosts Costs = new([Neighbour, Process], null);

    [Fact]
    public void A_message_costs_its_ways_line_at_the_chosen_size_on_any_shape()
    {
        var shape = new ClusterShape(8, 16, 8, 16);

        Assert.Equal((0.1 + 65536e-6) / 1e3, Subinterpreters.Model(SubinterpretersExperiment.SilosInOneProcess, Settings, shape, Costs).Seconds, 12);
        Assert.Equal((0.2 + 131072e-6) / 1e3, Subinterpreters.Model(SubinterpretersExperiment.SiloProcesses, Settings, shape, Costs).Seconds, 12);
        Assert.Equal(0, Subinterpreters.Model(SubinterpretersExperiment.GrainsInOneSilo, Settings, shape, Costs).Seconds);
    }

    [Fact]
    public void Silos_that_start_lighter_than_processes_hold_and_ones_that_do_not_fail()
    {
        Assert.Equal(VerdictState.Holds, Subinterpreters.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Way(SubinterpretersExperiment.SilosInOneProcess, 300), Way(SubinterpretersExperiment.SiloProcesses, 1500)]).State);

        var verdict = Subinterpreters.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Way(SubinterpretersExperiment.SilosInOneProcess, 300), Way(SubinterpretersExperiment.SiloProcesses, 350)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure.Contains("start over", StringComparison.Ordinal) && !c.Passed);
    }

    [Fact]
    public void A_worker_that_got_the_senders_own_array_shares_state_and_fails()
    {
        var shared = Way(SubinterpretersExperiment.SilosInOneProcess, 300);
        var wrong = shared with { Figures = shared.Figures with { Copied = false } };

        Assert.Equal(VerdictState.DoesNotHold, Subinterpreters.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [wrong, Way(SubinterpretersExperiment.SiloProcesses, 1500)]).State);
    }

    [Fact]
    public void Bytes_outside_the_fitted_sizes_are_refused()
    {
        Assert.Throws<Hosting.UsageException>(() => Client.Cli.RunCommand.Prepare(Subinterpreters, ["--bytes", "1024"]));
    }

    private static Outcome<SubinterpretersFigures> Way(string name, double startMs)
    {
        var model = Subinterpreters.Model(name, Settings, ClusterShape.OneSilo(2), Costs);
        var ms = model.Seconds * 1e3;
        return new(name, model, 0.01, new SubinterpretersFigures(name, new Spread(3, startMs, startMs, startMs), new Spread(20, ms, ms, ms), true, name == SubinterpretersExperiment.SiloProcesses));
    }
}
