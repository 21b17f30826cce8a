using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests.ModelTests;

/// <summary>
/// A verdict has three states, a note never counts as a check, and every check is decided on its rounds' interval:
/// pass or fail only when the whole interval is on one side of the bound, too noisy when it straddles it.
/// </summary>
public sealed class JudgementTests
{
    [Fact]
    public void A_check_whose_model_is_each_rounds_own_shows_their_mean_and_says_so()
    {
        // A pool's model from each round's free cores: 1.6x, then 2x, and so on; measured 1.9x each round.
        var models = new[] { 1.6, 2.0, 1.6, 2.0, 1.6, 2.0, 1.6, 2.0 };
        var rounds = models.Select(m => new Judgement().Speedup("pool speedup", 1.9, m, 0.8, 2, "2 cores")).ToList();

        var check = Assert.Single(Evidence.Decide(rounds, "why").Checks);

        Assert.Equal(Math.Sqrt(1.6 * 2.0), check.Model!.Value, 9);
        Assert.Contains("each round is judged on its own model, 1.6 to 2x", check.Rule, StringComparison.Ordinal);
        Assert.Equal(CheckOutcome.Pass, check.Outcome);
    }

    [Fact]
    public void Notes_alone_judge_nothing()
    {
        var verdict = new Judgement().Note("a figure").Steady();

        Assert.Equal(VerdictState.NotJudged, verdict.State);
        Assert.Empty(verdict.Checks);
    }

    [Fact]
    public void A_figure_measured_once_is_decided_on_its_own_samples_not_on_the_rounds_repeats()
    {
        // Starts of 0.4 to 1.8 ms, measured once before five rounds: their mean straddles the 1 ms bound. Read as a
        // figure sampled each round, the five identical repeats would draw an interval of no width and decide.
        double[] starts = [0.4, 1.8, 0.5, 1.6, 0.7, 1.5, 0.6, 1.7];
        var median = starts.Order().ElementAt(starts.Length / 2);
        Judgement Round(bool once) => once
            ? new Judgement().AtMostOnce("thread start", starts, median, 1, "pass if under 1 ms", " ms")
            : new Judgement().AtMost("thread start", median, median, 1, "pass if under 1 ms", " ms");

        var repeated = Assert.Single(Evidence.Decide([.. Enumerable.Range(0, 5).Select(_ => Round(once: false))], "why").Checks);
        var own = Assert.Single(Evidence.Decide([.. Enumerable.Range(0, 5).Select(_ => Round(once: true))], "why").Checks);

        Assert.Equal(CheckOutcome.Fail, repeated.Outcome);
        Assert.Equal(CheckOutcome.TooNoisy, own.Outcome);
        Assert.Equal(starts.Length, own.Interval!.Value.Samples);
        Assert.Contains($"(95%, {starts.Length} samples)", own.Line, StringComparison.Ordinal);
    }

    [Fact]
    public void Samples_measured_once_all_under_the_bound_pass_and_all_over_it_fail()
    {
        double[] quick = [0.04, 0.05, 0.06, 0.05, 0.045];
        double[] slow = [4.0, 5.0, 6.0, 5.0, 4.5];

        Assert.Equal(CheckOutcome.Pass, Assert.Single(new Judgement().AtMostOnce("start", quick, 0.05, 1, "under 1 ms", " ms").Steady().Checks).Outcome);
        Assert.Equal(CheckOutcome.Fail, Assert.Single(new Judgement().AtMostOnce("start", slow, 5, 1, "under 1 ms", " ms").Steady().Checks).Outcome);
        Assert.Equal(CheckOutcome.Pass, Assert.Single(new Judgement().AtLeastOnce("ratio", slow, 5, 1, "over 1x", "x").Steady().Checks).Outcome);
    }

    [Fact]
    public void A_failed_check_outweighs_a_reason_not_to_judge()
    {
        var verdict = new Judgement().Exact("pi", false, "3.1", "3.14").NotJudged("ran alone").Steady();

        Assert.Equal(VerdictState.DoesNotHold, verdict.State);
    }

    [Fact]
    public void Passing_checks_with_a_reason_not_to_judge_are_not_judged()
    {
        var verdict = new Judgement().Exact("pi", true, "3.14", "3.14").NotJudged("ran alone").Steady();

        Assert.Equal((VerdictState.NotJudged, "ran alone"), (verdict.State, verdict.NotJudgedReason));
    }

    [Fact]
    public void A_fact_must_hold_in_every_round()
    {
        var verdict = Evidence.Decide([new Judgement().Exact("pi", true, "3.14", "3.14"), new Judgement().Exact("pi", false, "3.1", "3.14")], "why");

        var check = Assert.Single(verdict.Checks);
        Assert.Equal((CheckOutcome.Fail, VerdictState.DoesNotHold), (check.Outcome, verdict.State));
        Assert.Contains("round 2 of 2", check.Line);
    }

    [Theory]
    [InlineData(1.9, CheckOutcome.Pass)]
    [InlineData(1.5, CheckOutcome.Fail)]
    [InlineData(2.5, CheckOutcome.Fault)]
    public void A_speedup_above_the_cores_there_are_is_a_measurement_fault(double measured, CheckOutcome outcome)
    {
        var verdict = new Judgement().Speedup("pool speedup", measured, model: 2, tolerance: 0.8, physicalLimit: 2, "2 cores").Steady();

        var check = Assert.Single(verdict.Checks);
        Assert.Equal(outcome, check.Outcome);
        Assert.Equal(outcome == CheckOutcome.Pass ? VerdictState.Holds : VerdictState.DoesNotHold, verdict.State);
        Assert.Contains("model 2x", check.Line);
        Assert.Contains("1.6x", check.Line);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(51, true)]
    [InlineData(49, false)]
    [InlineData(199, true)]
    [InlineData(201, false)]
    public void Within_a_factor_either_way(double measured, bool passes)
    {
        var check = Assert.Single(new Judgement().WithinFactor("p99", measured, 100, 2, " ms").Steady().Checks);

        Assert.Equal(passes, check.Passed);
    }

    [Fact]
    public void The_interval_is_students_t_on_the_samples()
    {
        // Mean 2, standard deviation 1, three samples: t(0.975, 2 degrees of freedom) = 4.3027, so 2 +/- 4.3027/sqrt(3).
        var interval = Interval.Of([1, 2, 3], logScale: false)!.Value;

        Assert.Equal(2 - 2.48414, interval.Low, 4);
        Assert.Equal(2 + 2.48414, interval.High, 4);
        Assert.Null(Interval.Of([2], logScale: false));
    }

    [Theory]
    [InlineData(new[] { 1.9, 2.0, 1.95 }, CheckOutcome.Pass)]
    [InlineData(new[] { 1.2, 1.25, 1.22 }, CheckOutcome.Fail)]
    [InlineData(new[] { 1.3, 2.0, 1.7 }, CheckOutcome.TooNoisy)]
    [InlineData(new[] { 1.9 }, CheckOutcome.TooNoisy)]
    public void A_check_is_decided_only_when_its_interval_is_on_one_side(double[] speedups, CheckOutcome outcome)
    {
        var rounds = speedups.Select(s => new Judgement().Speedup("pool speedup", s, model: 2, tolerance: 0.8, physicalLimit: 4, "4 cores")).ToList();

        var verdict = Evidence.Decide(rounds, "why");

        var check = Assert.Single(verdict.Checks);
        Assert.Equal(outcome, check.Outcome);
        Assert.Equal(speedups, check.Samples);
        if (outcome == CheckOutcome.TooNoisy)
        {
            Assert.Equal(VerdictState.NotJudged, verdict.State);
            Assert.StartsWith("too noisy: pool speedup", verdict.NotJudgedReason);
            Assert.Contains(speedups.Length > 1 ? "straddles 1.6x" : "sampled once", verdict.NotJudgedReason);
        }
    }

    [Fact]
    public void Noise_alone_rarely_fails_a_claim_that_is_true()
    {
        // A pool that truly reaches 1.1x its bound, with log-normal noise of 25% a round, sampled the way the base loop
        // samples: two rounds, then more while too noisy, up to five. Over 2,000 seeded tours it may come out too
        // noisy, but it fails only when the noise puts a whole interval below the bound.
        var random = new Random(19);
        var (failed, noisy) = (0, 0);
        const int Tours = 2000;
        for (var tour = 0; tour < Tours; tour++)
        {
            var rounds = new List<Judgement>();
            Verdict verdict;
            do
            {
                var noise = Math.Exp(0.25 * Normal(random));
                rounds.Add(new Judgement().AtLeast("speedup", 1.1 * 1.6 * noise, 2, 1.6, "pass if >= 1.6x", "x"));
                verdict = Evidence.Decide(rounds, "why");
            }
            while (rounds.Count < Sampling.Default.MinRounds || (Evidence.MoreRoundsCouldDecide(rounds, verdict) && rounds.Count < Sampling.Default.MaxRounds));

            failed += verdict.State == VerdictState.DoesNotHold ? 1 : 0;
            noisy += verdict.State == VerdictState.NotJudged ? 1 : 0;
        }

        Assert.True(failed < Tours * 0.015, $"{failed} of {Tours} tours failed a true claim ({noisy} too noisy)");
        Assert.True(noisy > 0, "the noise never straddled the bound: the test exercises nothing");
    }

    [Fact]
    public void A_wrong_model_fails_however_noisy_the_rounds()
    {
        // The positive control of the test above: a pool that reaches only 0.6x its bound, with noise of 10% a round,
        // fails in nearly every tour.
        var random = new Random(21);
        var failed = 0;
        const int Tours = 500;
        for (var tour = 0; tour < Tours; tour++)
        {
            var rounds = new List<Judgement>();
            Verdict verdict;
            do
            {
                rounds.Add(new Judgement().AtLeast("speedup", 0.6 * 1.6 * Math.Exp(0.1 * Normal(random)), 2, 1.6, "pass if >= 1.6x", "x"));
                verdict = Evidence.Decide(rounds, "why");
            }
            while (rounds.Count < Sampling.Default.MinRounds || (Evidence.MoreRoundsCouldDecide(rounds, verdict) && rounds.Count < Sampling.Default.MaxRounds));

            failed += verdict.State == VerdictState.DoesNotHold ? 1 : 0;
        }

        Assert.True(failed > Tours * 0.95, $"only {failed} of {Tours} tours failed a model 40% too high");
    }

    private static double Normal(Random random) => MathNet.Numerics.Distributions.Normal.Sample(random, 0, 1);
}
