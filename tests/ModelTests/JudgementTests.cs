using Concurrency.Client.Experiments;
using Concurrency.Client.Results;

namespace Concurrency.Tests.ModelTests;

/// <summary>A verdict has three states, and a note never counts as a check.</summary>
public sealed class JudgementTests
{
    [Fact]
    public void Notes_alone_judge_nothing()
    {
        var verdict = new Judgement().Note("a figure").Verdict("why");

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.Empty(verdict.Checks);
    }

    [Fact]
    public void A_failed_check_outweighs_a_reason_not_to_judge()
    {
        var verdict = new Judgement().Exact("pi", false, "3.1", "3.14").NotJudged("ran alone").Verdict("why");

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
    }

    [Fact]
    public void Passing_checks_with_a_reason_not_to_judge_are_not_judged()
    {
        var verdict = new Judgement().Exact("pi", true, "3.14", "3.14").NotJudged("ran alone").Verdict("why");

        Assert.Equal((VerdictState.NotJudged, "ran alone"), (verdict.State, verdict.NotJudgedReason));
    }

    [Theory]
    [InlineData(1.9, CheckOutcome.Pass)]
    [InlineData(1.5, CheckOutcome.Fail)]
    [InlineData(2.5, CheckOutcome.Fault)]
    public void A_speedup_above_the_cores_there_are_is_a_measurement_fault(double measured, CheckOutcome outcome)
    {
        var verdict = new Judgement().Speedup("pool speedup", measured, model: 2, tolerance: 0.8, physicalLimit: 2, "2 cores").Verdict("why");

        var check = Assert.Single(verdict.Checks);
        Assert.Equal(outcome, check.Outcome);
        Assert.Equal(outcome == CheckOutcome.Pass ? VerdictState.Holds : VerdictState.DoesNotHold, verdict.State);
        Assert.Contains("model 2x", check.Line);
        Assert.Contains("1.6x", check.Line);
        Assert.Contains("margin", check.Line);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(51, true)]
    [InlineData(49, false)]
    [InlineData(199, true)]
    [InlineData(201, false)]
    public void Within_a_factor_either_way(double measured, bool passes)
    {
        var check = Assert.Single(new Judgement().WithinFactor("p99", measured, 100, 2, " ms").Checks);

        Assert.Equal(passes, check.Passed);
    }
}
