namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Timing assertions on a shared 2-core machine: a ratio that fails is measured once more before the test fails.
/// A transient stall (a collection, a neighbour's burst) rarely strikes twice in a row; a real regression fails both
/// measurements, so the test still fails when the claim does not hold.
/// </summary>
public static class Timing
{
    public static async Task AssertWithinTwoMeasurementsAsync(Func<Task<(bool Ok, string Message)>> measure)
    {
        var first = await measure();
        if (first.Ok)
        {
            return;
        }

        var second = await measure();
        Assert.True(second.Ok, $"twice out of bounds. First: {first.Message} Second: {second.Message}");
    }
}
