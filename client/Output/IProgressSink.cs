namespace Concurrency.Client.Output;

/// <summary>Where an experiment reports how far each strategy has come.</summary>
public interface IProgressSink
{
    IProgressTask Start(ProgressLabel label, long total);
}

/// <summary>One strategy's progress. Disposing it marks it finished.</summary>
public interface IProgressTask : IDisposable
{
    void Advance(long amount = 1);
}

public sealed class NullProgress : IProgressSink, IProgressTask
{
    public static NullProgress Instance { get; } = new();

    public IProgressTask Start(ProgressLabel label, long total) => this;

    public void Advance(long amount = 1)
    {
    }

    public void Dispose()
    {
    }
}
