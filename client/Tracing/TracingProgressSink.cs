using Concurrency.Abstractions.Tracing;
using Concurrency.Client.Output;

namespace Concurrency.Client.Tracing;

/// <summary>
/// Marks the strategy sections of the trace without touching any experiment: every experiment already opens one
/// progress task per strategy, labelled with its experiment and strategy, around exactly the work it measures, and
/// disposes it at the end.
/// This decorator notes when each opens and closes, and passes everything on to the real sink.
/// </summary>
public sealed class TracingProgressSink(IProgressSink inner, TraceRecorder recorder) : IProgressSink
{
    public IProgressTask Start(ProgressLabel label, long total) =>
        new Section(inner.Start(label, total), recorder, label, total);

    private sealed class Section(IProgressTask inner, TraceRecorder recorder, ProgressLabel label, long total) : IProgressTask
    {
        private readonly long _start = TraceClock.NowMicroseconds();
        private long _done;
        private int _disposed;

        public void Advance(long amount = 1)
        {
            Interlocked.Add(ref _done, amount);
            inner.Advance(amount);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                recorder.AddSection(new StrategySection(label, _start, TraceClock.NowMicroseconds(), total, Interlocked.Read(ref _done)));
            }

            inner.Dispose();
        }
    }
}
