namespace Concurrency.Client.Experiments;

/// <summary>One path's cost of a batch of files: a fixed part, paid once a batch (the fan-out and join), and a part per file.</summary>
public sealed record ReadPathFit(double FixedSeconds, double PerFileSeconds)
{
    public double Seconds(double files) => FixedSeconds + (files * PerFileSeconds);

    /// <summary>The line through two measured batches; a fixed part below zero (noise) counts as none.</summary>
    public static ReadPathFit Through(int files1, double seconds1, int files2, double seconds2)
    {
        var perFile = Math.Max(0, (seconds2 - seconds1) / (files2 - files1));
        return new ReadPathFit(Math.Max(0, seconds1 - (files1 * perFile)), perFile);
    }
}
