using Spectre.Console;

namespace Concurrency.Client.Output;

/// <summary>
/// Live progress bars on a terminal: one per strategy, with items done out of total and elapsed time. A strategy
/// sampled over several rounds keeps its one bar, which counts the rounds ("round 2") as it restarts.
/// </summary>
public sealed class SpectreProgressSink(ProgressContext context) : IProgressSink
{
    private readonly Dictionary<ProgressLabel, (ProgressTask Task, int Rounds)> _bars = [];

    public IProgressTask Start(ProgressLabel label, long total)
    {
        lock (_bars)
        {
            if (_bars.TryGetValue(label, out var bar))
            {
                bar = (bar.Task, bar.Rounds + 1);
                bar.Task.Description = Markup.Escape($"{label} · round {bar.Rounds}");
                bar.Task.MaxValue = Math.Max(1, total);
                bar.Task.Value = 0;
                bar.Task.StartTask();
            }
            else
            {
                bar = (context.AddTask(Markup.Escape(label.ToString()), maxValue: Math.Max(1, total)), 1);
            }

            _bars[label] = bar;
            return new Task(bar.Task);
        }
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
