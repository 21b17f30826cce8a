namespace Concurrency.Client.Bench;

/// <summary>What <c>client bench --json</c> prints: the machine, when, and every figure with its target.</summary>
public sealed record BenchReport(MachineInfo Machine, DateTimeOffset Date, bool Quick, IReadOnlyList<BenchFigure> Figures)
{
    public int Met => Figures.Count(f => f.Met == true);
}
