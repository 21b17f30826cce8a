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

    /// <summary>
    /// Each of the four states built on purpose on a stand-in activation: a turn; a yield whose continuation queues
    /// behind another work item of the activation's scheduler (queued, not awaiting); work on the thread pool; a
    /// delay (awaiting); and a task completed while the activation is taken (awaiting until it is done, then queued).
    /// Each stretch is checked against the moments the test made it happen, not against a length of time.
    /// </summary>
    [Fact]
    public async Task Each_state_built_on_purpose_is_drawn_as_what_it_is()
    {
        var factory = new TaskFactory(new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler);
        (long Start, long End) first = default, second = default;
        long setAt = 0;
        var call = await factory.StartNew(async () =>
        {
            var turns = CallTurns.Enter(TaskScheduler.Current);
            var start = TraceClock.NowMicroseconds();

            // Another work item of the activation's scheduler, queued before the yield's continuation; SuppressFlow so
            // that it is not part of the call.
            using (ExecutionContext.SuppressFlow())
            {
                _ = factory.StartNew(() => first = Hold(TimeSpan.FromMilliseconds(30)));
            }

            await CallTurns.Yield();
            await Task.Run(() => Spin(TimeSpan.FromMilliseconds(20)));
            await Task.Delay(40);

            // Done while the activation is taken: the pool completes it, and the continuation queues behind the holder.
            var done = new TaskCompletionSource();
            using (ExecutionContext.SuppressFlow())
            {
                _ = factory.StartNew(() =>
                {
                    // Not Wait(): a wait could run the setter inline, here, and the continuation with it.
                    var started = TraceClock.NowMicroseconds();
                    _ = Task.Run(() =>
                    {
                        done.SetResult();
                        Volatile.Write(ref setAt, TraceClock.NowMicroseconds());
                    });
                    SpinWait.SpinUntil(() => Volatile.Read(ref setAt) != 0);
                    second = (started, Hold(TimeSpan.FromMilliseconds(30)).End);
                });
            }

            await CallTurns.ReadyWhenDone(done.Task);
            var (recorded, _, _) = turns.Exit();
            return new GrainCallRecord("G", "k", "@a", "M", 0, start, TraceClock.NowMicroseconds(), false, recorded);
        }).Unwrap();

        var segments = call.Segments().ToList();
        var described = string.Join("; ", segments.Select(s => $"{s.State} {s.StartMicroseconds - call.StartMicroseconds}+{s.Microseconds}µs"))
            + $" (holders at {first.Start - call.StartMicroseconds}-{first.End - call.StartMicroseconds} and {second.Start - call.StartMicroseconds}-{second.End - call.StartMicroseconds}, set at {setAt - call.StartMicroseconds})";

        // Contiguous, from the call's start to its end.
        Assert.Equal(call.StartMicroseconds, segments[0].StartMicroseconds);
        Assert.Equal(call.EndMicroseconds, segments[^1].EndMicroseconds);
        Assert.All(segments.Zip(segments.Skip(1)), p => Assert.Equal(p.First.EndMicroseconds, p.Second.StartMicroseconds));

        // The yield: queued, not awaiting, for all the time the other work item held the scheduler.
        var yielded = segments.First(s => s.State != CallState.Turn);
        Assert.True(yielded.State == CallState.Queued, described);
        Assert.True(yielded.StartMicroseconds <= first.Start && yielded.EndMicroseconds >= first.End, $"queued should cover the holder {first}: {described}");

        // The pool work, then the delay as awaiting.
        var pool = segments.Single(s => s.State == CallState.PoolWork);
        Assert.True(segments.Any(s => s.State == CallState.Awaiting && s.StartMicroseconds >= pool.EndMicroseconds && s.EndMicroseconds <= second.Start), described);

        // The task done while the activation was taken: awaiting until it was set, then queued behind the holder.
        var queued = segments.Last(s => s.State == CallState.Queued);
        Assert.True(queued.StartMicroseconds >= second.Start && queued.StartMicroseconds <= setAt && queued.EndMicroseconds >= second.End, $"queued from when the task was done ({setAt}) past the holder {second}: {described}");
        Assert.Equal(CallState.Awaiting, segments[segments.IndexOf(queued) - 1].State);
        Assert.Equal(CallState.Turn, segments[segments.IndexOf(queued) + 1].State);
    }

    [Fact]
    public void A_call_cut_before_its_start_has_no_segments_rather_than_throwing()
    {
        var call = new GrainCallRecord("G", "k", "@a", "M", 0, 100, 40, false, [new CallTurn(100, 120, 1, true)]);
        Assert.Empty(call.Segments());
    }

    [Fact]
    public void A_mark_made_after_the_turn_it_was_for_had_begun_is_dropped()
    {
        // Segments read the mark from the turn, and a turn carries it only when it was ready before it began; one
        // without a mark shows its whole gap as awaiting, as before marks existed.
        var turns = new[] { new CallTurn(0, 10, 1, true), new CallTurn(50, 60, 1, true, ReadyMicroseconds: 70) };
        var call = new GrainCallRecord("G", "k", "@a", "M", 0, 0, 60, false, turns);
        Assert.Equal([CallState.Turn, CallState.Awaiting, CallState.Turn], call.Segments().Select(s => s.State));
    }

    private static (long Start, long End) Hold(TimeSpan duration)
    {
        var start = TraceClock.NowMicroseconds();
        Spin(duration);
        return (start, TraceClock.NowMicroseconds());
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
