using Concurrency.Client.Experiments.Isolation;

namespace Concurrency.Tests;

/// <summary>
/// Thread starts on a machine whose every core is taken: the timings then measure the wait for a core, and the
/// kernel's run queue says so. Real threads, real spinning: nothing here is simulated.
/// </summary>
public sealed class ThreadStartsTests
{
    [SkippableFact]
    public void With_every_core_taken_by_spinning_threads_a_start_is_mostly_the_wait_for_a_core()
    {
        Skip.If(CoreWait.WaitedNanoseconds() is null, "the kernel does not say how long a thread waited for a core (/proc/thread-self/schedstat)");

        // Twice as many spinners as cores, so a woken thread always finds its core held by one.
        using var stop = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, 2 * Environment.ProcessorCount).Select(_ =>
        {
            var spinner = new Thread(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                }
            }) { IsBackground = true };
            spinner.Start();
            return spinner;
        }).ToList();
        try
        {
            var starts = ThreadStarts.Time(60);

            Assert.NotNull(starts.QueuedShare);
            Assert.True(starts.QueuedShare > 0.5, $"{starts.QueuedShare:0%} of a start spent waiting for a core, with every core spinning; the starts took {starts.Timed}");
        }
        finally
        {
            stop.Cancel();
            spinners.ForEach(s => s.Join());
        }
    }
}
