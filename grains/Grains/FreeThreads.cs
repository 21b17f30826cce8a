namespace Concurrency.Grains;

/// <summary>
/// Plain .NET threads started from inside a grain call: free threads, outside the activation's scheduler. They are
/// dedicated threads, not tasks: a task started from grain code (Task.Factory.StartNew, Parallel.For without a
/// scheduler) inherits the activation's TaskScheduler and runs one at a time in its turns, which is exactly what this
/// strategy escapes. The call's turn awaits their completion instead of joining them, so it holds no thread itself.
/// </summary>
internal static class FreeThreads
{
    /// <summary>Runs <paramref name="body"/>(i) on <paramref name="count"/> new threads, released together by one gate so they overlap.</summary>
    public static Task RunAsync(int count, Action<int> body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new ManualResetEventSlim(false);
        var left = count;
        Exception? failure = null;
        for (var i = 0; i < count; i++)
        {
            var index = i;
            new Thread(() =>
            {
                gate.Wait();
                try
                {
                    body(index);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
                finally
                {
                    if (Interlocked.Decrement(ref left) == 0)
                    {
                        gate.Dispose();
                        _ = failure is null ? done.TrySetResult() : done.TrySetException(failure);
                    }
                }
            })
            { IsBackground = true, Name = $"free thread {index}" }.Start();
        }

        gate.Set();
        return done.Task;
    }
}
