using Concurrency.Abstractions.Logging;
using Orleans.Runtime;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Every silo's count of the framework's warnings at one moment (see <c>FrameworkWarningCounter</c> in the silo).
/// An experiment reads it before it starts and after its strategies end; what each silo counted in between is what
/// the framework warned of while the experiment ran. A silo that joined in between counts from zero; one that left,
/// or did not answer either time, is left out (its count is not known, and a guess would pass for one).
/// </summary>
public sealed class FrameworkWarningWatch
{
    /// <summary>How long a silo has to answer: one killed by the experiment may still be listed as active.</summary>
    public static readonly TimeSpan SiloTimeout = TimeSpan.FromSeconds(5);

    // Null for a silo that was listed but did not answer.
    private readonly IReadOnlyDictionary<string, FrameworkWarnings?> _silos;

    private FrameworkWarningWatch(IReadOnlyDictionary<string, FrameworkWarnings?> silos) => _silos = silos;

    /// <summary>
    /// Reads every active silo, outside the run's request context (an async method's change to it stays in the method),
    /// so a traced run does not record the reading. Null when the cluster cannot list its silos.
    /// </summary>
    public static async Task<FrameworkWarningWatch?> ReadAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        RequestContext.Clear();
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(SiloTimeout, cancellationToken);
            var silos = hosts.Keys.Select(s => s.ToParsableString()).ToList();
            var counts = await Task.WhenAll(silos.Select(s => ReadAsync(grains.GetGrain<IFrameworkLogGrain>(s), cancellationToken)));
            return new FrameworkWarningWatch(silos.Zip(counts).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            // The count is a window on the run, never a part of it: a cluster that cannot give it costs only the count.
            return null;
        }
    }

    /// <summary>
    /// The counts since <paramref name="earlier"/>, read again until they hold at least <paramref name="expected"/>'s
    /// number of its kind or its bound passes. A warning Orleans logs after a turn's answer went out (a long turn is
    /// logged when the turn's work item ends) is then counted in the run it belongs to, rather than lost to a race
    /// with the client's read. Each wait is an event: a silo answers when it counts one more of the kind.
    /// </summary>
    public async Task<FrameworkWarnings> SettledSinceAsync(IGrainFactory grains, FrameworkWarningWatch earlier, ExpectedWarnings expected, CancellationToken cancellationToken)
    {
        var latest = this;
        var bound = System.Diagnostics.Stopwatch.StartNew();
        while (latest.Since(earlier).Of(expected.Kind) < expected.AtLeast && bound.Elapsed < expected.Within)
        {
            var left = expected.Within - bound.Elapsed;
            var waits = latest._silos.Where(s => s.Value is not null)
                .Select(s => grains.GetGrain<IFrameworkLogGrain>(s.Key).WarningsBeyond(expected.Kind, s.Value!.Of(expected.Kind), left).AsTask())
                .ToList();
            if (waits.Count == 0)
            {
                break;
            }

            try
            {
                await (await Task.WhenAny(waits)).WaitAsync(left + SiloTimeout, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                // A silo that cannot say leaves the counts as they were read.
                break;
            }

            latest = await ReadAsync(grains, cancellationToken) ?? latest;
        }

        return latest.Since(earlier);
    }

    /// <summary>What every silo that answered both times (or joined since) counted since <paramref name="earlier"/>, added up.</summary>
    public FrameworkWarnings Since(FrameworkWarningWatch earlier)
    {
        var sum = FrameworkWarnings.None;
        foreach (var (silo, now) in _silos)
        {
            var before = earlier._silos.TryGetValue(silo, out var then) ? then : FrameworkWarnings.None;
            if (now is not null && before is not null)
            {
                sum = sum.Plus(now.Since(before));
            }
        }

        return sum;
    }

    private static async Task<FrameworkWarnings?> ReadAsync(IFrameworkLogGrain silo, CancellationToken cancellationToken)
    {
        try
        {
            return await silo.Warnings().AsTask().WaitAsync(SiloTimeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
