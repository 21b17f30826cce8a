namespace Concurrency.Client.Cli;

/// <summary>
/// What can cut a run short, and why. The first Ctrl+C stops the run so it can report what finished, and a second
/// one exits at once; losing the cluster (<see cref="StopWhen"/>) stops it the same way, with its own reason and
/// exit code, rather than leaving it waiting for answers that cannot come.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    /// <summary>The shell's code for a program ended by Ctrl+C (128 + SIGINT).</summary>
    public const int ExitCode = 130;

    /// <summary>A run stopped by a failure outside it, such as a cluster that went away.</summary>
    public const int FailureExitCode = 1;

    public const string CtrlC = "Interrupted (Ctrl+C)";

    private readonly CancellationTokenSource _source;
    private string? _reason;
    private int _exitCode = ExitCode;
    private int _presses;

    public Interrupt(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => _source.Token;

    /// <summary>Why the run stopped, or null while it has not.</summary>
    public string? Reason => Volatile.Read(ref _reason) ?? (_source.IsCancellationRequested ? CtrlC : null);

    /// <summary>The exit code of a run stopped for <see cref="Reason"/>.</summary>
    public int StoppedExitCode => Volatile.Read(ref _exitCode);

    /// <summary>
    /// Stops the run when <paramref name="failure"/> is cancelled, saying <paramref name="reason"/>, until the
    /// returned watch is disposed: dispose it before the connection it watches closes on purpose.
    /// </summary>
    public IDisposable StopWhen(CancellationToken failure, string reason) =>
        failure.Register(() => Stop(reason, FailureExitCode));

    private void Stop(string reason, int exitCode)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
        {
            Volatile.Write(ref _exitCode, exitCode);
            Console.Error.WriteLine(exitCode == ExitCode ? $"{reason}: stopping the run (Ctrl+C again to quit at once)." : $"{reason}; stopping the run.");
        }

        _source.Cancel();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _presses) > 1)
        {
            Environment.Exit(ExitCode);
        }

        e.Cancel = true;
        Stop(CtrlC, ExitCode);
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
