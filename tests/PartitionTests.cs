using System.Globalization;
using System.Text.Json;
using Concurrency.Tests.Infrastructure;
using Orleans.Configuration;

namespace Concurrency.Tests;

/// <summary>
/// Three machines of their own (network namespaces, scripts/machines.sh) and a client in a fourth. Mid-run, machine
/// 3's link goes down: its silo process lives on, its network is gone, and membership declares it dead.
/// - During the cpu cluster strategy's chunks or its setup, its work is redone elsewhere: the exact pi, every chunk
///   counted once.
/// - During downloads (no roster of their own; Orleans does not resend, and the gateway that forwarded a call keeps
///   no record of it), the batches on machine 3 are read again on a survivor instead of waiting out the downloader's
///   two-hour response timeout: every download counted once, and the strategy's time not judged.
/// - With the link back after membership declared the silo dead, any late answer is discarded, and the silo learns
///   it is dead and stops, as Orleans' membership demands.
/// Needs root and ip netns (CI has both); skipped with the reason elsewhere. Each cut is a class of its own, with
/// machines of its own, so xunit runs the cuts side by side: most of each is waiting for membership to decide.
/// </summary>
public static class Partition
{
    public const int Jobs = 6;

    /// <summary>20 batches of 10,000, a downloader each, so machine 3 almost surely holds some.</summary>
    public const int Downloads = 200_000;
    public static readonly TimeSpan Within = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Each download's latency: long enough that the cut lands while every downloader still holds its calls, even on
    /// a machine so loaded that the script's cut comes seconds after the client's "started" line. The run stops when
    /// membership declares the silo dead, so the latency does not add to the test's time.
    /// </summary>
    public const string DownloadLatency = "20s";

    /// <summary>Shell helpers for the script in the client's namespace: the client's progress is watched line by line.</summary>
    public const string Prelude = """
        dir=$(mktemp -d)
        # Stopped at the test's deadline: say what the client had printed, or a hang leaves nothing to read.
        trap 'echo "stopped at $(date +%s.%N); the client had printed:" >&2; grep -v " info: " "$dir/progress" | tail -n 60 >&2; tail -n 5 "$MACHINES_LOGS"/silo*.err >&2; exit 143' TERM
        start() { : >"$dir/progress"; "$@" >"$dir/out.json" 2>>"$dir/progress" & run=$!; }
        await_line() { grep -m1 -q -- "$1" <(tail -n +1 --pid="$run" -f "$dir/progress") || { echo "the client exited before '$1'" >&2; grep -v ' info: ' "$dir/progress" >&2; exit 3; }; }
        link() { ip netns exec "${MACHINES_PREFIX}sw" ip link set "${MACHINES_PREFIX}p$1" "$2"; echo "link of machine $1 $2 at $(date +%s.%N)" >&2; }
        finish() { status=0; wait "$run" || status=$?; echo "client done at $(date +%s.%N)" >&2; grep -v ' info: ' "$dir/progress" >&2; cat "$dir/out.json"; echo "client exit $status" >&2; }
        """;

    /// <summary>
    /// The cut at each setup step: the client prints a line as it enters one ("cluster: describe, 3 silos: ..."). The
    /// first roster and describe steps are the connection's, which sizes the models; its setup ends at "cluster: ready".
    /// The warm-up is the strategy's own, and its setup ends as the strategy starts.
    /// </summary>
    public static async Task CutDuringSetupAsync(string step)
    {
        var ended = step == "warm-up" ? "cpu/cluster: started" : "cluster: ready,";
        var run = await Machines.RunAsync(3, "0,1,0", Prelude + $"""

            start {Machines.Client($"run cpu --strategy cluster --jobs {Jobs} --terms 200000000 --json --verbose")}
            await_line 'cluster: {step},'
            link 3 down
            ( if grep -m1 -q -- 'left: membership declared it dead' <(tail -n +1 --pid="$run" -f "$dir/progress"); then echo "declared dead at $(date +%s.%N)" >&2; fi ) & declared=$!
            await_line '{ended}'
            echo "setup done at $(date +%s.%N)" >&2
            wait "$declared"
            finish
            """, Within);

        // Seen: 2 or 3, as the cut came before or after machine 3 was described; it never ran a chunk either way.
        var cluster = AssertExactCpu(run, silosSeen: null);
        Assert.DoesNotContain(cluster.GetProperty("unitsPerSilo").EnumerateObject(), p => p.Name.StartsWith("10.77.0.3:", StringComparison.Ordinal));

        // Machine 3 left the roster when membership declared it dead, or, where the declaration came while the roster
        // was still reading membership's view, the roster never took it: no describe step lists it.
        var declared = run.Stderr.Contains("declared dead at", StringComparison.Ordinal);
        if (declared)
        {
            Assert.Matches(@"cluster: 10\.77\.0\.3:\S+ left: membership declared it dead", run.Stderr);
        }
        else
        {
            Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.StartsWith("cluster: describe,", StringComparison.Ordinal) && l.Contains("10.77.0.3:", StringComparison.Ordinal));
        }

        // Setup raced the cut against membership: once membership declared the silo dead (or the cut came, if later),
        // setup ended well within half a response timeout. Had it waited for a call to the cut-off silo, it would have
        // ended one response timeout after that call, which began before the cut: more than half a timeout after a
        // declaration that takes membership a few seconds. The time membership takes is not the client's and is not
        // counted, so a loaded machine's slow probes do not fail the test; nor are what follows the setup (the costs
        // measured in the client, the chunks), which a loaded machine also slows.
        var cut = Moment(run, "link of machine 3 down at");
        var afterDeclared = Moment(run, "setup done at") - (declared ? Math.Max(cut, Moment(run, "declared dead at")) : cut);
        var responseTimeout = new ClientMessagingOptions().ResponseTimeout;
        Assert.True(afterDeclared < responseTimeout.TotalSeconds / 2, $"setup went on {afterDeclared:0.#} s after machine 3, cut at {step}, was declared dead: it waited for the cut-off silo (response timeout {responseTimeout.TotalSeconds:0} s):\n{run.Stderr}");
    }

    /// <summary>The run completed with the local run's pi, every chunk counted once; returns its cluster tally.</summary>
    public static JsonElement AssertExactCpu(ProcessResult run, int? silosSeen)
    {
        Assert.True(run.ExitCode == 0, $"machines.sh exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains("link of machine 3 down", run.Stderr);
        Assert.True(run.Stderr.Contains("client exit 0", StringComparison.Ordinal), run.Stderr);
        var json = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.True(json.GetProperty("complete").GetBoolean());
        var experiment = Assert.Single(json.GetProperty("experiments").EnumerateArray());
        var chunksPerJob = experiment.GetProperty("parameters").GetProperty("chunksPerJob").GetInt32();
        var metrics = Assert.Single(experiment.GetProperty("strategies").EnumerateArray()).GetProperty("metrics");
        Assert.True(metrics.GetProperty("sameAsLocalRun").GetBoolean());
        var cluster = metrics.GetProperty("cluster");
        if (silosSeen is { } seen)
        {
            Assert.Equal(seen, cluster.GetProperty("silos").GetInt32());
        }

        Assert.Equal(Jobs * chunksPerJob, cluster.GetProperty("unitsPerSilo").EnumerateObject().Sum(p => p.Value.GetInt32()));
        return cluster.Clone();
    }

    /// <summary>The time (seconds since the epoch) a marker line of the script gives.</summary>
    public static double Moment(ProcessResult run, string marker)
    {
        var line = run.Stderr.Split('\n').First(l => l.StartsWith(marker, StringComparison.Ordinal));
        return double.Parse(line[(marker.Length + 1)..], CultureInfo.InvariantCulture);
    }
}

/// <summary>A machine cut off while the cluster strategy's chunks run.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionDuringChunksTests
{
    [SkippableFact]
    public async Task A_machine_cut_off_during_the_cluster_chunks_loses_nothing_and_counts_nothing_twice()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        var run = await Machines.RunAsync(3, "0,1,0", Partition.Prelude + $"""

            start {Machines.Client($"run cpu --strategy cluster --jobs {Partition.Jobs} --terms 200000000 --json --verbose")}
            await_line 'cpu/cluster: started'
            link 3 down
            finish
            """, Partition.Within);

        var cluster = Partition.AssertExactCpu(run, 3);
        Assert.True(cluster.GetProperty("retriedCalls").GetInt64() > 0, $"machine 3 was cut off mid-run, yet nothing was sent again: {run.Stderr}");
    }
}

/// <summary>A machine cut off while the cluster strategy's setup is at its roster step.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionDuringRosterTests
{
    [SkippableFact]
    public async Task A_machine_cut_off_at_roster_is_not_waited_for_and_the_run_is_exact()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        await Partition.CutDuringSetupAsync("roster");
    }
}

/// <summary>A machine cut off while the cluster strategy's setup is at its describe step.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionDuringDescribeTests
{
    [SkippableFact]
    public async Task A_machine_cut_off_at_describe_is_not_waited_for_and_the_run_is_exact()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        await Partition.CutDuringSetupAsync("describe");
    }
}

/// <summary>A machine cut off while the cluster strategy's setup is at its warm-up step.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionDuringWarmUpTests
{
    [SkippableFact]
    public async Task A_machine_cut_off_at_warm_up_is_not_waited_for_and_the_run_is_exact()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        await Partition.CutDuringSetupAsync("warm-up");
    }
}

/// <summary>A machine cut off during downloads, a strategy with no roster of its own that resends its reads.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionDuringDownloadsTests
{
    [SkippableFact]
    public async Task A_machine_cut_off_during_downloads_has_its_downloads_read_again_and_counts_each_once()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        var run = await Machines.RunAsync(3, "0,1,0", Partition.Prelude + $"""

            start {Machines.Client($"run downloads --strategy concurrent --count {Partition.Downloads} --latency {Partition.DownloadLatency} --json --verbose")}
            await_line 'downloads/concurrent: started'
            link 3 down
            finish
            """, Partition.Within);

        Assert.True(run.ExitCode == 0, $"machines.sh exit {run.ExitCode}: {run.Stderr}");
        Assert.True(run.Stderr.Contains("client exit 0", StringComparison.Ordinal), run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean(), run.Stderr);
        var experiment = Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray());
        var strategy = Assert.Single(experiment.GetProperty("strategies").EnumerateArray());

        // Every download counted once, none lost: the batches whose downloader was on machine 3 were read again on
        // a survivor once membership declared it dead, and any late answer was discarded.
        var figures = strategy.GetProperty("metrics");
        Assert.Equal(Partition.Downloads, figures.GetProperty("downloads").GetInt32());
        Assert.Equal(Partition.Downloads, figures.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, figures.GetProperty("failed").GetInt64());

        // The loss is on the record, and the time that holds the redone reads and membership's wait is not judged.
        var resends = strategy.GetProperty("resends");
        Assert.Contains(resends.GetProperty("silosLost").EnumerateArray(), l => l.GetProperty("silo").GetString()!.StartsWith("10.77.0.3:", StringComparison.Ordinal));
        var verdict = experiment.GetProperty("verdict");
        Assert.Equal("not-judged", verdict.GetProperty("state").GetString());
        Assert.Contains("died mid-run", verdict.GetProperty("notJudgedReason").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>A machine cut off, declared dead, then back on the network.</summary>
[Trait("Category", "Slow")]
public sealed class PartitionRejoinTests
{
    [SkippableFact]
    public async Task A_machine_back_after_being_declared_dead_has_its_late_answers_discarded_and_stops()
    {
        Skip.If(Machines.Unavailable is not null, Machines.Unavailable);
        var run = await Machines.RunAsync(3, "0,1,0", Partition.Prelude + $"""

            silo3=$(echo "$MACHINES_PIDS" | cut -d' ' -f3)
            start {Machines.Client($"run cpu --strategy cluster --jobs {Partition.Jobs} --terms 600000000 --json --verbose")}
            await_line 'cpu/cluster: started'
            link 3 down
            await_line 'cluster: 10.77.0.3:'
            link 3 up
            finish
            if timeout 30 tail --pid="$silo3" -f /dev/null; then echo "silo 3 exited" >&2; else echo "silo 3 still running" >&2; fi
            grep -ih "dead" "$MACHINES_LOGS/silo3.out" "$MACHINES_LOGS/silo3.err" | tail -n 3 >&2 || true
            """, Partition.Within);

        // Counted once each, whatever came late. In practice none does (duplicatesDiscarded is 0): the silos that
        // declared machine 3 dead refuse its connections, so its late answers die at the gateway.
        var cluster = Partition.AssertExactCpu(run, 3);
        Assert.True(cluster.GetProperty("retriedCalls").GetInt64() > 0, $"machine 3's chunks were not redone: {run.Stderr}");
        Assert.True(Partition.Moment(run, "link of machine 3 up at") < Partition.Moment(run, "client done at"), $"the run ended before the link came back, so no late answer could come: {run.Stderr}");

        // Back on the network, the silo reads the membership table, finds itself dead, and stops (Orleans fails it fast).
        Assert.Contains("silo 3 exited", run.Stderr);
        Assert.Contains("I have been told I am dead", run.Stderr);
    }
}
