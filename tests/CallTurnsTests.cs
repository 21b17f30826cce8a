using System.Diagnostics;
using Concurrency.Abstractions.Tracing;
using Concurrency.Grains.Tracing;

namespace Concurrency.Tests;

/// <summary>
/// <see cref="CallTurns"/> without a silo: an exclusive scheduler stands in for an activation's, so what runs there
/// holds "the activation" and what the call puts on the thread pool does not.
/// </summary>
public sealed class CallTurnsTests
{
    [Fact]
    public async Task Every_stretch_on_a_thread_is_a_turn_and_pool_work_is_told_apart_from_the_activations()
    {
        var activation = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var recorded = await Task.Factory.StartNew(async () =>
        {
            var turns = CallTurns.Enter(TaskScheduler.Current);
            Spin(TimeSpan.FromMilliseconds(20));
            await Task.Run(() => Spin(TimeSpan.FromMilliseconds(20)));
            await Task.Delay(60);
            Spin(TimeSpan.FromMilliseconds(20));
            return turns.Exit();
        }, CancellationToken.None, TaskCreationOptions.None, activation).Unwrap();

        var onActivation = recorded.Turns.Where(t => t.HoldsActivation).ToList();
        var onPool = recorded.Turns.Where(t => !t.HoldsActivation).ToList();
        Assert.True(onActivation.Count >= 2, $"expected the first part and the part after the delay on the activation: {Describe(recorded.Turns)}");
        Assert.True(onActivation.Sum(t => t.Microseconds) >= 38_000, Describe(recorded.Turns));
        Assert.True(onPool.Sum(t => t.Microseconds) >= 19_000, $"the Task.Run work should be pool work: {Describe(recorded.Turns)}");

        // The 60 ms delay held no thread: it is a gap between the turns.
        var spans = BusySpan.Of(recorded.Turns, recorded.Turns.Min(t => t.StartMicroseconds), recorded.Turns.Max(t => t.EndMicroseconds));
        var gaps = spans.Zip(spans.Skip(1), (a, b) => b.StartMicroseconds - a.EndMicroseconds);
        Assert.Contains(gaps, g => g >= 55_000);
    }

    [Fact]
    public async Task A_call_running_on_two_threads_at_once_has_overlapping_turns_merged_into_one_busy_span()
    {
        var activation = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var recorded = await Task.Factory.StartNew(() =>
        {
            var turns = CallTurns.Enter(TaskScheduler.Current);

            // Both iterations wait for each other, so they surely run at the same time on two threads.
            using var together = new Barrier(2);
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2, TaskScheduler = TaskScheduler.Default }, _ =>
            {
                together.SignalAndWait();
                Spin(TimeSpan.FromMilliseconds(20));
            });

            return turns.Exit();
        }, CancellationToken.None, TaskCreationOptions.None, activation);

        Assert.True(recorded.Turns.Select(t => t.Thread).Distinct().Count() >= 2, Describe(recorded.Turns));
        var mine = Assert.Single(recorded.Turns, t => t.HoldsActivation);
        Assert.Contains(recorded.Turns, t => !t.HoldsActivation && t.StartMicroseconds < mine.EndMicroseconds && mine.StartMicroseconds < t.EndMicroseconds);
        var busy = Assert.Single(BusySpan.Of(recorded.Turns, mine.StartMicroseconds, mine.EndMicroseconds));
        Assert.True(busy.Threads >= 2, Describe(recorded.Turns));
        Assert.True(busy.HoldsActivation);
    }

    [Fact]
    public async Task A_continuation_left_running_after_the_call_ended_is_not_a_turn_of_it()
    {
        var heard = 0;
        var late = new TaskCompletionSource();
        var ran = new TaskCompletionSource();
        await Task.Run(() =>
        {
            var turns = CallTurns.Enter(TaskScheduler.Default, _ => Interlocked.Increment(ref heard));

            // Left behind by the call: it captures the call's context and runs only once the call has ended.
            _ = late.Task.ContinueWith(_ => ran.SetResult(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            turns.Exit();
        });

        Assert.Equal(1, Volatile.Read(ref heard));
        late.SetResult();
        await ran.Task;
        Assert.Equal(1, Volatile.Read(ref heard));
    }

    private static void Spin(TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(100);
        }
    }

    private static string Describe(IEnumerable<CallTurn> turns) =>
        string.Join("; ", turns.Select(t => $"{t.StartMicroseconds % 1_000_000}+{t.Microseconds}µs thread {t.Thread}{(t.HoldsActivation ? " activation" : " pool")}"));
}
