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
        { new(WorkloadKind.Io, 3, TimeSpan.FromMilliseconds(100)), DecisionBranch.FewIo, "downloads", "synchronous" },
        { new(WorkloadKind.Io, 1, TimeSpan.FromSeconds(5)), DecisionBranch.FewIo, "downloads", "synchronous" },
        { new(WorkloadKind.Io, 3, TimeSpan.FromMilliseconds(100), Simple: true), DecisionBranch.FewIo, "downloads", "synchronous" },

        // 3. CPU-bound: multiprocessing; thousands of tiny tasks: batching; simpler code: concurrent.futures.
        { new(WorkloadKind.Cpu, 4, TimeSpan.FromMilliseconds(200)), DecisionBranch.Cpu, "cpu", "multiprocessing" },
        { new(WorkloadKind.Cpu, 100_000, TimeSpan.FromMicroseconds(2)), DecisionBranch.TinyCpu, "overhead", "chunksize" },
        { new(WorkloadKind.Cpu, 100_000, TimeSpan.FromMicroseconds(2), Simple: true), DecisionBranch.TinyCpu, "overhead", "chunksize" },
        { new(WorkloadKind.Cpu, 4, TimeSpan.FromMilliseconds(200), Simple: true), DecisionBranch.CpuSimple, "executors", "concurrent.futures" },

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

    [Fact]
    public void Measuring_an_experiment_this_build_lacks_has_no_plan_until_it_is_registered()
    {
        var advice = Advisor.Advise(new(WorkloadKind.Mixed, 50, TimeSpan.FromMilliseconds(20)));

        var plan = MeasurePlan.For(advice);

        Assert.Equal(Client.Experiments.ExperimentCatalog.Find("mixed") is null, plan is null);
    }
}
