namespace Concurrency.Client.Bench;

/// <summary>One group of headline figures, each measured by the project's own code paths.</summary>
public interface IBench
{
    string Name { get; }

    Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
