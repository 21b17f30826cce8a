using System.Runtime.InteropServices;

namespace Concurrency.Client.Cli;

/// <summary>
/// What can cut a run short, and why. The first Ctrl+C (or SIGTERM, as `kill` and service managers send) stops the
/// run so it can report what finished, and a second signal exits at once; losing the cluster (<see cref="StopWhen"/>)
/// stops it the same way, with its own reason and exit code, rather than leaving it waiting for answers that cannot come.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    /// <summary>The shell's code for a program ended by Ctrl+C (128 + SIGINT).</summary>
    public const int ExitCode = 130;

    /// <summary>The shell's code for a program ended by SIGTERM (128 + 15).</summary>
    public const int TerminatedExitCode = 143;

    /// <summary>A run stopped by a failure outside it, such as a cluster that went away.</summary>
    public const int FailureExitCode = 1;

    public const string CtrlC = "Interrupted (Ctrl+C)";

    public const string Sigterm = "Terminated (SIGTERM)";

    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration _sigterm;
    private string? _reason;
    private int _presses;

    public Interrupt(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSigterm);
    }

    /// <summary>The exit code of a run that stopped for <paramref name="reason"/>.</summary>
    public static int ExitCodeFor(string? reason) => reason switch
    {
        CtrlC => ExitCode,
        Sigterm => TerminatedExitCode,
        _ => FailureExitCode,
    };

    public CancellationToken Token => _source.Token;

    /// <summary>Why the run stopped, or null while it has not.</summary>
    public string? Reason => Volatile.Read(ref _reason) ?? (_source.IsCancellationRequested ? CtrlC : null);

    /// <summary>The exit code of a run stopped for <see cref="Reason"/>.</summary>
    public int StoppedExitCode => ExitCodeFor(Reason);

    /// <summary>
    /// Stops the run when <paramref name="failure"/> is cancelled, saying <paramref name="reason"/>, until the
    /// returned watch is disposed: dispose it before the connection it watches closes on purpose.
    /// </summary>
    public IDisposable StopWhen(string reason, CancellationToken failure) =>
        failure.Register(() => Stop(reason));

    /// <summary>As above, for a failure whose reason is known only once it happens.</summary>
    public IDisposable StopWhen(Func<string> reason, CancellationToken failure) =>
        failure.Register(() => Stop(reason()));

    private void Stop(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is null)
        {
            Console.Error.WriteLine(ExitCodeFor(reason) == FailureExitCode ? $"{reason}; stopping the run." : $"{reason}: stopping the run (Ctrl+C again to quit at once).");
        }

        _source.Cancel();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        OnSignal(CtrlC);
    }

    private void OnSigterm(PosixSignalContext context)
    {
        context.Cancel = true;
        OnSignal(Sigterm);
    }

    private void OnSignal(string reason)
    {
        if (Interlocked.Increment(ref _presses) > 1)
        {
            Environment.Exit(ExitCodeFor(reason));
        }

        Stop(reason);
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm.Dispose();
        _source.Dispose();
    }
}
