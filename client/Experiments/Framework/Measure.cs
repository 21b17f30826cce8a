using System.Diagnostics;

namespace Concurrency.Client.Experiments;

/// <summary>Wall-clock timing of one strategy, as the article times its scripts.</summary>
public static class Measure
{
    /// <summary>
    /// How many times a CPU-bound figure is timed, the fastest kept: the unit costs a model is built on (T1, T) and
    /// the strategies judged against them alike. A crunch of a tenth of a second meets, now and then, the runtime's
    /// own work (recompiling the hot loop at its optimising tier, a collection) on a core it is using; a strategy
    /// that uses both cores loses to it and one that uses one does not, so one timing made a 2-core pool 1.1-1.4x
    /// over one grain in tours where it is 1.8x alone.
    /// </summary>
    public const int Repeats = 2;

    /// <summary>Times <paramref name="work"/> <see cref="Repeats"/> times, one after another, and returns the fastest run.</summary>
    public static async Task<(T Value, double Seconds)> FastestAsync<T>(Func<Task<T>> work)
    {
        var runs = new List<(T Value, double Seconds)>(Repeats);
        for (var i = 0; i < Repeats; i++)
        {
            runs.Add(await SecondsAsync(work));
        }

        return runs.MinBy(r => r.Seconds);
    }

    public static async Task<(T Value, double Seconds)> SecondsAsync<T>(Func<Task<T>> work)
    {
        var started = Stopwatch.GetTimestamp();
        var value = await work();
        return (value, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
