using System.Diagnostics;

namespace Concurrency.Client.Output;

/// <summary>Progress for a log or a pipe: a line when a strategy starts and one when it ends, no cursor tricks.</summary>
public sealed class PlainProgressSink(TextWriter writer) : IProgressSink
{
    public IProgressTask Start(ProgressLabel label, long total)
    {
        writer.WriteLine($"{label}: started, {total:N0} items");
        return new Task(writer, label, total);
    }

    private sealed class Task(TextWriter writer, ProgressLabel label, long total) : IProgressTask
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _done;

        public void Advance(long amount = 1) => Interlocked.Add(ref _done, amount);

        public void Dispose() =>
            writer.WriteLine($"{label}: {Interlocked.Read(ref _done):N0}/{total:N0} done in {Stopwatch.GetElapsedTime(_started).TotalSeconds:0.000} s");
    }
}
