namespace Concurrency.Client.Cli;

/// <summary>The first Ctrl+C cancels the run so it can report what finished; a second one exits at once.</summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source;
    private int _presses;

    public Interrupt(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _presses) > 1)
        {
            Environment.Exit(ExperimentRunner.Interrupted);
        }

        e.Cancel = true;
        Console.Error.WriteLine("Interrupted: stopping the run (Ctrl+C again to quit at once).");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
