using Concurrency.Client.Advice;

namespace Concurrency.Tests;

/// <summary>Every branch of the article's decision tree, straight through the advisor.</summary>
public sealed class AdvisorTests
{
    public static TheoryData<Workload, DecisionBranch, string, string> Branches => new()
    {
        // 1. I/O-bound, many simultaneous connections: asyncio, or threading for simpler code.
        { new(WorkloadKind.Io, 1000, TimeSpan.FromMilliseconds(500)), DecisionBranch.ManyIo, "async-fetch", "asyncio" },
        { new(WorkloadKind.Io, 1000, TimeSpan.FromMilliseconds(500), Simple: true), DecisionBranch.ManyIoSimple, "downloads", "threading" },

        // 2. I/O-bound but simple: synchronous code, whether few quick operations or a single one.
        { new(WorkloadKind.Io, 3, TimeSpan.FromMilliseconds(100)), DecisionBranch.FewIo, "sync", "synchronous" },
        { new(WorkloadKind.Io, 1, TimeSpan.FromSeconds(5)), DecisionBranch.FewIo, "sync", "synchronous" },
        { new(WorkloadKind.Io, 3, TimeSpan.FromMilliseconds(100), Simple: true), DecisionBranch.FewIo, "sync", "synchronous" },

        // 3. CPU-bound: multiprocessing; thousands of tiny tasks: batching; simpler code: concurrent.futures.
        { new(WorkloadKind.Cpu, 4, TimeSpan.FromMilliseconds(200)), DecisionBranch.Cpu, "cpu", "multiprocessing" },
        { new(WorkloadKind.Cpu, 100_000, TimeSpan.FromMicroseconds(2)), DecisionBranch.TinyCpu, "overhead", "chunksize" },
        { new(WorkloadKind.Cpu, 100_000, TimeSpan.FromMicroseconds(2), Simple: true), DecisionBranch.TinyCpu, "overhead", "chunksize" },
        { new(WorkloadKind.Cpu, 4, TimeSpan.FromMilliseconds(200), Simple: true), DecisionBranch.CpuSimple, "executors", "concurrent.futures" },

        // Beside the tree: blocking code inside async code gets the to_thread bridge; CPU jobs sharing memory, free threads.
        { new(WorkloadKind.Io, 10, TimeSpan.FromMilliseconds(100), Blocking: true), DecisionBranch.BlockingBridge, "coloring", "asyncio.to_thread" },
        { new(WorkloadKind.Io, 1000, TimeSpan.FromMilliseconds(500), Simple: true, Blocking: true), DecisionBranch.BlockingBridge, "coloring", "asyncio.to_thread" },
        { new(WorkloadKind.Cpu, 4, TimeSpan.FromMilliseconds(200), SharedState: true), DecisionBranch.FreeThreads, "free-threading", "PEP 703" },

        // Tiny tasks stay tiny tasks even when they share state: the per-task cost decides first.
        { new(WorkloadKind.Cpu, 100_000, TimeSpan.FromMicroseconds(2), SharedState: true), DecisionBranch.TinyCpu, "overhead", "chunksize" },

        // 4. Mixed: a thread pool for I/O and a process pool for CPU.
        { new(WorkloadKind.Mixed, 50, TimeSpan.FromMilliseconds(20), CpuDuration: TimeSpan.FromMilliseconds(200)), DecisionBranch.Mixed, "mixed", "ProcessPoolExecutor" },
        { new(WorkloadKind.Mixed, 50, TimeSpan.FromMilliseconds(20)), DecisionBranch.Mixed, "mixed", "ThreadPoolExecutor" },
    };

    [Theory]
    [MemberData(nameof(Branches))]
    public void Each_branch_of_the_tree_names_its_shape_tool_and_experiment(Workload workload, DecisionBranch branch, string experiment, string python)
    {
        var advice = Advisor.Advise(workload);

        Assert.Equal(branch, advice.Branch);
        Assert.Equal(experiment, advice.Experiment);
        Assert.Contains(python, advice.PythonEquivalent);
        Assert.False(string.IsNullOrWhiteSpace(advice.Recommendation));
        Assert.InRange(advice.Reasons.Count, 2, 3);
        Assert.All(advice.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
    }

    [Fact]
    public void The_line_between_few_and_many_operations_is_the_synchronous_budget()
    {
        var latency = TimeSpan.FromMilliseconds(250);
        var fits = (int)(Advisor.SynchronousBudget / latency);

        Assert.Equal(DecisionBranch.FewIo, Advisor.Advise(new(WorkloadKind.Io, fits, latency)).Branch);
        Assert.Equal(DecisionBranch.ManyIo, Advisor.Advise(new(WorkloadKind.Io, fits + 1, latency)).Branch);
    }

    [Fact]
    public void The_line_between_tiny_and_ordinary_cpu_tasks_is_the_tiny_task_threshold()
    {
        Assert.Equal(DecisionBranch.TinyCpu, Advisor.Advise(new(WorkloadKind.Cpu, 1000, Advisor.TinyCpuTask - TimeSpan.FromTicks(1))).Branch);
        Assert.Equal(DecisionBranch.Cpu, Advisor.Advise(new(WorkloadKind.Cpu, 1000, Advisor.TinyCpuTask)).Branch);
    }

    [Fact]
    public void Measuring_many_io_operations_leaves_out_the_queued_strategy_when_it_would_take_minutes()
    {
        var plan = MeasurePlan.For(Advisor.Advise(new(WorkloadKind.Io, 1000, TimeSpan.FromMilliseconds(500))));

        Assert.NotNull(plan);
        Assert.Equal(["--count", "1000", "--latency", "500ms"], plan.Arguments);
        Assert.Equal(["gather", "reentrant"], plan.Strategies);
        Assert.Equal("client run async-fetch --count 1000 --latency 500ms --strategy gather,reentrant", plan.CommandLine);
    }

    [Theory]
    [InlineData(WorkloadKind.Io, 10, true, false, "coloring")]
    [InlineData(WorkloadKind.Cpu, 4, false, true, "free-threading")]
    public void A_branch_is_measured_by_its_experiment_at_the_workloads_sizes(WorkloadKind kind, int concurrency, bool blocking, bool shared, string experiment)
    {
        var advice = Advisor.Advise(new(kind, concurrency, TimeSpan.FromMilliseconds(100), Blocking: blocking, SharedState: shared));

        var plan = MeasurePlan.For(advice);

        Assert.Equal(experiment, advice.Experiment);
        Assert.Same(advice.Measure, plan.Experiment);
        Assert.True(plan.Arguments.Count == 0 || plan.Arguments.Contains(concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)), plan.CommandLine);
    }

    /// <summary>The catalog's experiments no branch of the tree names, each with why: a new experiment goes here or in a branch.</summary>
    private static readonly Dictionary<string, string> NotAdvised = new()
    {
        ["blocking"] = "the blocking branch advises the bridge, which coloring measures against the blocked turn",
        ["native"] = "releasing a native kernel is how a CPU branch's work can run outside the turn, not a workload of its own",
        ["spawn"] = "the cost of a start decides how small a CPU task may be: the tiny-task branch measures it as overhead",
        ["communication"] = "the cost of a message between isolated workers is beside the tree, which does not ask where state lives",
        ["subinterpreters"] = "subinterpreters are beside the tree: the article mentions them, and no workload picks them",
    };

    [Fact]
    public void Every_experiment_is_named_by_a_branch_of_the_tree_or_says_why_not()
    {
        var advised = Branches.Select(row => Advisor.Advise((Workload)row[0]).Measure).ToHashSet();

        // Every branch of the tree is reached by a workload above.
        Assert.Equal(Enum.GetValues<DecisionBranch>().Order(), Branches.Select(row => Advisor.Advise((Workload)row[0]).Branch).Distinct().Order());
        Assert.All(advised, e => Assert.Contains(e, Client.Experiments.ExperimentCatalog.All));
        Assert.Equal(
            Client.Experiments.ExperimentCatalog.All.Select(e => e.Name).Order(),
            advised.Select(e => e.Name).Concat(NotAdvised.Keys).Order());
    }

    [Fact]
    public void Measuring_a_few_operations_reads_as_many_files_with_the_sync_experiment()
    {
        var plan = MeasurePlan.For(Advisor.Advise(new(WorkloadKind.Io, 3, TimeSpan.FromMilliseconds(100))));

        Assert.Equal("sync", plan.Experiment.Name);
        Assert.Equal(["--files", "3"], plan.Arguments);
        Assert.Null(plan.Strategies);
        Assert.Equal(["--file-size", "--rounds"], plan.KeptDefaults);
        Assert.Equal("client run sync --files 3", plan.CommandLine);
    }
}
