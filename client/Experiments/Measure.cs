using System.Diagnostics;

namespace Concurrency.Client.Experiments;

/// <summary>Wall-clock timing of one strategy, as the article times its scripts.</summary>
public static class Measure
{
    public static async Task<(T Value, double Seconds)> SecondsAsync<T>(Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        var value = await work();
        return (value, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
