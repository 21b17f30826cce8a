using Concurrency.Client.Experiments;
using Concurrency.Client.Experiments.Isolation;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>The fixed-plus-bandwidth line, the sweep's model, and the judge on sweeps built by hand.</summary>
public sealed class CommunicationModelTests
{
    private static readonly CommunicationExperiment Communication = new();
    private static readonly CommunicationSettings Settings = new(Largest: 256 << 10, Calls: 5);

    // 100 µs + 1 ns a byte through the process; the by-reference path flat at 20 µs.
    private static readonly PathFit Process = new(PayloadPath.SiloProcess, 1024, 0.1 + 1024e-6, 16384, 0.1 + 16384e-6);
    private static readonly PathFit Shared = new(PayloadPath.SameSiloShared, 1024, 0.021, 16384, 0.02);
    private static readonly CommunicationCosts Costs = new([Process, Shared], null);

    [Fact]
    public void The_line_through_two_sizes_has_the_fixed_cost_and_the_bandwidth()
    {
        Assert.Equal(0.1, Process.FixedMs, 12);
        Assert.Equal(1000.0, Process.MegabytesPerSecond!.Value, 6);
        Assert.Equal(0.1 + 65536e-6, Process.PredictMs(65536), 12);

        // A slope below zero is noise on a path that pays nothing per byte: no bandwidth, the smaller size's cost.
        Assert.Null(Shared.MegabytesPerSecond);
        Assert.Equal(0.021, Shared.PredictMs(1 << 24), 12);
    }

    [Fact]
    public void The_sweep_model_adds_every_sizes_calls_on_any_shape()
    {
        // Sizes 1, 4, 16, 64, 256 KiB, 5 calls each; the line is fitted on 1 and 16 KiB.
        var expected = 5 * (5 * 0.1 + (1024 + 4096 + 16384 + 65536 + 262144) * 1e-6) / 1e3;

        Assert.Equal(expected, Communication.Model(CommunicationExperiment.SiloProcesses, Settings, new ClusterShape(8, 16, 8, 16), Costs).Seconds, 12);
        Assert.Equal([1024L, 4096, 16384, 65536, 262144], Settings.Sizes);
        Assert.Equal(16384, Settings.FitLarge);
    }

    [Fact]
    public void Predicted_sizes_hold_and_a_size_three_times_off_does_not()
    {
        Assert.Equal(VerdictState.Holds, Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, Shared, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 1.2)]).State);

        var verdict = Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, Shared, 1), Sweep(CommunicationExperiment.SiloProcesses, Process, 3)]);
        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
        Assert.Contains(verdict.Checks, c => c.Figure == "silo-processes at 4,096 bytes" && !c.Passed);
    }

    [Fact]
    public void A_process_path_that_handed_over_the_callers_own_array_fails()
    {
        var shared = Sweep(CommunicationExperiment.SiloProcesses, Process, 1);
        var wrong = shared with { Figures = shared.Figures with { SameArray = true } };

        Assert.Equal(VerdictState.DoesNotHold, Communication.Verdict(Settings, ClusterShape.OneSilo(2), Costs, [Sweep(CommunicationExperiment.SameSiloImmutable, Shared, 1), wrong]).State);
    }

    [Fact]
    public void A_path_the_silo_program_could_not_serve_leaves_the_claim_unjudged()
    {
        var missing = new CommunicationCosts([Shared], "no silo program");
        var empty = new Outcome<CommunicationFigures>(CommunicationExperiment.SiloProcesses, new Expectation(0), 0, new CommunicationFigures(CommunicationExperiment.SiloProcesses, [], false, false));

        Assert.Equal(VerdictState.NotJudged, Communication.Verdict(Settings, ClusterShape.OneSilo(2), missing, [Sweep(CommunicationExperiment.SameSiloImmutable, Shared, 1), empty]).State);
    }

    /// <summary>A sweep measured at <paramref name="off"/> times the line at every size but the fitted ones.</summary>
    private static Outcome<CommunicationFigures> Sweep(string name, PathFit fit, double off)
    {
        var points = Settings.Sizes.Select(size =>
        {
            var fitted = size == fit.SmallBytes || size == fit.LargeBytes;
            var ms = fit.PredictMs(size) * (fitted ? 1 : off);
            return new SizePoint(size, new Spread(5, ms, ms, ms), fit.PredictMs(size), fitted);
        }).ToList();
        var path = CommunicationExperiment.PathOf(name);
        return new(name, Communication.Model(name, Settings, ClusterShape.OneSilo(2), Costs), 0.01,
            new CommunicationFigures(name, points, path == PayloadPath.SameSiloShared, path == PayloadPath.SiloProcess));
    }
}
