namespace Concurrency.Client.Python;

/// <summary>
/// An experiment's Python twin: a script in <c>bench/python/</c> (copied beside the client as <c>python/</c>), the
/// arguments its sizes come to for this run, and one line saying how they relate to the actor run's sizes (the
/// article's 1,000,000 pi terms take Python as long as 100,000,000 take C#). The script prints one JSON line whose
/// <c>rows</c> are <see cref="Results.PythonRow"/>s.
/// </summary>
public sealed record PythonTwin(string Script, IReadOnlyList<string> Arguments, string Scale)
{
    /// <summary>How long a twin may run before it is stopped and reported as timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
