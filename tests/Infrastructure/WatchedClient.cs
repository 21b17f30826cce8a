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
        Process.Exited += (_, _) => _reached.TrySetException(new InvalidOperationException($"the client exited before '{_line}': {Progress}"));
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
        lock (_progress)
        {
            _progress.AppendLine(line);
        }

        if (line?.StartsWith(_line, StringComparison.Ordinal) == true)
        {
            _reached.TrySetResult();
        }
    }
}
