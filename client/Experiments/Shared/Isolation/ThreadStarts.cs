using System.Diagnostics;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Thread starts timed (each started for an empty body and joined), and the share of such a start that went on
/// waiting for a core. A start and its join are a few microseconds of work for two threads: the caller that starts
/// the thread and sleeps in Join, and the thread, which must be given a core to run and exit. On a machine whose
/// cores are taken by others, both wait in the run queue, and the wait, not the start, is what a stopwatch shows.
/// </summary>
/// <param name="Timed">The timed starts.</param>
/// <param name="QueuedShare">
/// Of the wall time of as many untimed starts, run alternately with the timed ones so both see the same machine, the
/// share both threads spent runnable but not running (<see cref="CoreWait"/>); null where the kernel does not say.
/// </param>
public sealed record ThreadStarts(Spread Timed, double? QueuedShare)
{
    public static ThreadStarts Time(int samples)
    {
        var timed = new List<double>(samples);
        long queued = 0, wall = 0;
        var known = CoreWait.WaitedNanoseconds() is not null;
        for (var i = 0; i < samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var bare = new Thread(static () => { });
            bare.Start();
            bare.Join();
            timed.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);

            if (known)
            {
                // The same start, with each thread reading its own wait: the caller's around it, the thread's at its
                // end (its wait to be first given a core is in it). Untimed: the reads cost microseconds of their own.
                var callerBefore = CoreWait.WaitedNanoseconds() ?? 0;
                var probeStarted = Stopwatch.GetTimestamp();
                long threadWaited = 0;
                var probe = new Thread(() => threadWaited = CoreWait.WaitedNanoseconds() ?? 0);
                probe.Start();
                probe.Join();
                wall += (long)Stopwatch.GetElapsedTime(probeStarted).TotalNanoseconds;
                queued += threadWaited + ((CoreWait.WaitedNanoseconds() ?? 0) - callerBefore);
            }
        }

        return new ThreadStarts(Spread.Of(timed), known && wall > 0 ? Math.Clamp((double)queued / wall, 0, 1) : null);
    }
}
