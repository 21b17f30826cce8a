namespace Concurrency.Client.Results;

/// <summary>
/// One row the article's Python code measured: what ran (threads, Pool(4), asyncio.gather ...), its wall time, the
/// size it ran at (which may be scaled from the actor run's, as <see cref="PythonComparison.Scale"/> says), and for a
/// per-item figure (a process start, a tiny task) the time of one item.
/// </summary>
public sealed record PythonRow(string Name, double Seconds, string Size, double? PerItemMicroseconds = null);

/// <summary>
/// The Python side of an experiment, measured in the same run on the same machine: the script and its arguments,
/// how its sizes relate to the actor run's, and its rows. <see cref="Available"/> is false where <c>python3</c> is not
/// on the machine or the script failed; <see cref="Note"/> then says why and there are no rows.
/// </summary>
public sealed record PythonComparison(string Script, IReadOnlyList<string> Arguments, string Scale, bool Available, IReadOnlyList<PythonRow> Rows, string? Note = null);
