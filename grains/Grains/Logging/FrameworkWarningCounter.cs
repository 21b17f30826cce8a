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

    public ILogger CreateLogger(string categoryName) =>
        FrameworkWarningKinds.IsLab(categoryName) ? NullLogger.Instance : new Counting(this, categoryName);

    /// <summary>Every warning counted so far, per kind.</summary>
    public FrameworkWarnings Snapshot() => FrameworkWarnings.Of(_counts.Select(entry => new FrameworkWarningCount(
        FrameworkWarningKinds.Classify(entry.Key.Category, entry.Key.EventId), entry.Key.Category, entry.Key.EventId, Interlocked.Read(ref entry.Value.Value))));

    public void Dispose()
    {
    }

    private void Count(string category, int eventId) =>
        Interlocked.Increment(ref _counts.GetOrAdd((category, eventId), static _ => new StrongBox<long>()).Value);

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
