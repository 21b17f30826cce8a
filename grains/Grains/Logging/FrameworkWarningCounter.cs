using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Concurrency.Abstractions.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Concurrency.Grains.Logging;

/// <summary>
/// A logger provider that counts the framework's warnings instead of printing them: per logger category and event
/// id, from the silo's start. The lab expects some of them (a blocking grain makes Orleans warn of long turns), so each
/// experiment's result says how many of each kind were logged while it ran (read through
/// <see cref="FrameworkLogGrain"/>), and the client's terminal, which is not a log, need not show their raw lines.
/// Counting costs an increment: the message is never formatted. The lab's own loggers, and every level but warning,
/// are not counted (errors are printed, whatever the console shows).
/// </summary>
public sealed class FrameworkWarningCounter : ILoggerProvider
{
    private readonly ConcurrentDictionary<(string Category, int EventId), StrongBox<long>> _counts = new();
    private TaskCompletionSource _counted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ILogger CreateLogger(string categoryName) =>
        FrameworkWarningKinds.IsLab(categoryName) ? NullLogger.Instance : new Counting(this, categoryName);

    /// <summary>Every warning counted so far, per kind.</summary>
    public FrameworkWarnings Snapshot() => FrameworkWarnings.Of(_counts.Select(entry => new FrameworkWarningCount(
        FrameworkWarningKinds.Classify(entry.Key.Category, entry.Key.EventId), entry.Key.Category, entry.Key.EventId, Interlocked.Read(ref entry.Value.Value))));

    /// <summary>Completes at the next warning counted: take it before reading <see cref="Snapshot"/> to wait for one more.</summary>
    public Task Counted => Volatile.Read(ref _counted).Task;

    /// <summary>
    /// The counts once more than <paramref name="beyond"/> warnings of <paramref name="kind"/> are counted, or when
    /// <paramref name="within"/> has passed on <paramref name="time"/>, whichever comes first.
    /// </summary>
    public async Task<FrameworkWarnings> BeyondAsync(FrameworkWarningKind kind, long beyond, TimeSpan within, TimeProvider time)
    {
        using var bound = new CancellationTokenSource(within, time);
        while (true)
        {
            // The signal is taken before the counts are read, so a warning counted in between still ends the wait.
            var counted = Counted;
            var now = Snapshot();
            if (now.Of(kind) > beyond)
            {
                return now;
            }

            try
            {
                await counted.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
                return Snapshot();
            }
        }
    }

    public void Dispose()
    {
    }

    private void Count(string category, int eventId)
    {
        Interlocked.Increment(ref _counts.GetOrAdd((category, eventId), static _ => new StrongBox<long>()).Value);
        Interlocked.Exchange(ref _counted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private sealed class Counting(FrameworkWarningCounter counter, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                counter.Count(category, eventId.Id);
            }
        }
    }
}
