using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>Live progress bars on a terminal: one per strategy, with items done out of total and elapsed time.</summary>
public sealed class SpectreProgressSink(ProgressContext context) : IProgressSink
{
    public IProgressTask Start(string label, long total)
    {
        var task = context.AddTask(Markup.Escape(label), maxValue: Math.Max(1, total));
        return new Task(task);
    }

    private sealed class Task(ProgressTask task) : IProgressTask
    {
        public void Advance(long amount = 1) => task.Increment(amount);

        public void Dispose()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
