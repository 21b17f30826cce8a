namespace Concurrency.Abstractions;

/// <summary>The work functions every executor can run, by name.</summary>
public static class WorkFunctions
{
    public static WorkFunction Doubling { get; } = new DoubleFunction();

    public static WorkFunction PiChunk { get; } = new PiChunkFunction();

    public static IReadOnlyList<WorkFunction> All { get; } = [Doubling, PiChunk];

    public static WorkFunction? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public static WorkFunction Get(string name) =>
        Find(name) ?? throw new ArgumentException($"no work function named '{name}': known are {string.Join(", ", All.Select(f => f.Name))}.", nameof(name));

    public static WorkDigest Run(WorkBatch batch, CancellationToken cancellationToken = default) =>
        Get(batch.Function).Run(batch.First, batch.Count, cancellationToken);

    /// <summary>The article's <c>item * 2</c>: nanoseconds of work, so any overhead per item dominates.</summary>
    private sealed class DoubleFunction : WorkFunction
    {
        public override string Name => "double";

        public override string Description => "item * 2, the article's tiny work()";

        public override int BatchSize => 1 << 20;

        public override double Apply(long item) => item * 2;
    }

    /// <summary>Item k is the Leibniz partial sum over terms [k·1,000,000, (k+1)·1,000,000): the article's whole job, per item.</summary>
    private sealed class PiChunkFunction : WorkFunction
    {
        public const long TermsPerItem = 1_000_000;

        public override string Name => "pi-chunk";

        public override string Description => $"the Leibniz sum over {TermsPerItem:N0} terms (SIMD); 4 x the sum of items 0..n-1 is pi";

        public override int BatchSize => 16;

        public override double Apply(long item) => LeibnizKernel.Simd(item * TermsPerItem, (item + 1) * TermsPerItem);
    }
}
