using System.Diagnostics;
using System.Text;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// The client program as a process whose progress is watched line by line, so a test can act (Ctrl+C, stopping the
/// silo) at a known point of a run: once the line saying a strategy started has appeared. Progress lines go to stderr
/// with <c>--json</c> (stdout is then the JSON document, and <c>--verbose</c> turns the lines on) and to stdout
/// otherwise. Killed on dispose if still running.
/// </summary>
public sealed class WatchedClient : IDisposable
{
    private readonly StringBuilder _progress = new();
    private readonly List<(string Line, TaskCompletionSource Seen)> _awaited = [];
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _line;

    private WatchedClient(IReadOnlyList<string> args, string line)
    {
        _line = line;
        Process = LabProcess.Start(LabProcess.ClientDll, args);
        var progressOnStderr = args.Contains("--json");
        Rest = (progressOnStderr ? Process.StandardOutput : Process.StandardError).ReadToEndAsync();
        if (progressOnStderr)
        {
            Process.ErrorDataReceived += (_, e) => Watch(e.Data);
            Process.BeginErrorReadLine();
        }
        else
        {
            Process.OutputDataReceived += (_, e) => Watch(e.Data);
            Process.BeginOutputReadLine();
        }

        Process.EnableRaisingEvents = true;
        Process.Exited += (_, _) =>
        {
            _reached.TrySetException(new InvalidOperationException($"the client exited before '{_line}': {Progress}"));
            lock (_progress)
            {
                foreach (var (awaited, seen) in _awaited)
                {
                    seen.TrySetException(new InvalidOperationException($"the client exited before '{awaited}': {_progress}"));
                }
            }
        };
    }

    public Process Process { get; }

    /// <summary>Everything the client wrote to the stream that is not the progress stream, once it has exited.</summary>
    public Task<string> Rest { get; }

    /// <summary>The progress stream so far.</summary>
    public string Progress
    {
        get
        {
            lock (_progress)
            {
                return _progress.ToString();
            }
        }
    }

    /// <summary>Starts the client and waits until a progress line starts with <paramref name="line"/>.</summary>
    public static async Task<WatchedClient> StartAsync(IReadOnlyList<string> args, string line)
    {
        var client = new WatchedClient(args, line);
        try
        {
            await client._reached.Task.WaitAsync(TimeSpan.FromSeconds(120));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Completes once a progress line starting with <paramref name="line"/> has appeared (at once if one already has);
    /// fails if the client exits first.
    /// </summary>
    public Task LineAsync(string line)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_progress)
        {
            if (_progress.ToString().Split('\n').Any(l => l.StartsWith(line, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            if (Process.HasExited)
            {
                return Task.FromException(new InvalidOperationException($"the client exited before '{line}': {_progress}"));
            }

            _awaited.Add((line, seen));
        }

        return seen.Task;
    }

    public async Task WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        await Process.WaitForExitAsync(deadline.Token);
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Watch(string? line)
    {
        List<TaskCompletionSource> seen;
        lock (_progress)
        {
            _progress.AppendLine(line);
            seen = [.. _awaited.Where(a => line?.StartsWith(a.Line, StringComparison.Ordinal) == true).Select(a => a.Seen)];
            _awaited.RemoveAll(a => seen.Contains(a.Seen));
        }

        foreach (var tcs in seen)
        {
            tcs.TrySetResult();
        }

        if (line?.StartsWith(_line, StringComparison.Ordinal) == true)
        {
            _reached.TrySetResult();
        }
    }
}
