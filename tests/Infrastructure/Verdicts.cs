using System.Text.Json;
using Concurrency.Client.Results;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// An experiment's timing claim, as the lab itself decides it: from the interval of its rounds' samples. The test
/// fails when the claim does not hold, and is skipped with the lab's own reason when the claim could not be judged
/// here (too noisy, one core): a timing is never retried until it passes, and never passes in silence.
/// </summary>
public static class Verdicts
{
    public static void AssertHolds(ExperimentResult result)
    {
        Assert.True(result.Complete, $"{result.Name} did not complete: {result.Explanation}");
        Skip.If(result.Verdict.State == VerdictState.NotJudged, $"{result.Name} not judged here: {result.Verdict.NotJudgedReason}");
        Assert.True(result.Verdict.State == VerdictState.Holds, $"{result.Name} does not hold: {result.Explanation}");
    }

    /// <summary>The same for an experiment read back from the client's <c>--json</c>.</summary>
    public static void AssertHolds(JsonElement experiment)
    {
        var verdict = experiment.GetProperty("verdict");
        var state = verdict.GetProperty("state").GetString();
        var name = experiment.GetProperty("name").GetString();
        Skip.If(state == "not-judged", $"{name} not judged here: {verdict.GetProperty("notJudgedReason").GetString()}");
        Assert.True(state == "holds", $"{name} does not hold: {experiment.GetProperty("explanation").GetString()}");
    }
}
