using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Cluster;

/// <summary>
/// Where a cluster run's work ran and what had to be sent again: <see cref="JobsPerSilo"/> counts each job once,
/// under the silo that ran most of its units (a job that moved when its silo died counts where most of it ran);
/// <see cref="UnitsPerSilo"/> counts every unit (chunk or batch) once; the silos seen and their cores; the retries.
/// </summary>
public sealed record ClusterTally(
    IReadOnlyDictionary<string, int> JobsPerSilo,
    IReadOnlyDictionary<string, int> UnitsPerSilo,
    int Silos,
    int SiloCores,
    int Machines,
    int MachineCores,
    int RetriedJobs,
    long RetriedCalls,
    long DuplicatesDiscarded)
{
    /// <summary>
    /// The tally of a strategy run more than once, as its kept run's with what any run had to redo added in: where
    /// the batches ran is <paramref name="kept"/>'s, the retries and discarded duplicates every run's together, and
    /// the silos the most any run saw. A silo lost in a slower run is not hidden by a faster one after it.
    /// </summary>
    public static ClusterTally Across(ClusterTally kept, IEnumerable<ClusterTally?> runs)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var all = runs.OfType<ClusterTally>().ToList();
        return all.Count == 0 ? kept : kept with
        {
            Silos = all.Max(r => r.Silos),
            RetriedJobs = all.Sum(r => r.RetriedJobs),
            RetriedCalls = all.Sum(r => r.RetriedCalls),
            DuplicatesDiscarded = all.Sum(r => r.DuplicatesDiscarded),
        };
    }

    public static ClusterTally Of(ClusterDispatcher dispatcher)
    {
        var ranOn = dispatcher.RanOn;
        var silos = dispatcher.Roster.Seen;
        return new ClusterTally(
            ranOn.GroupBy(r => r.Key.Job)
                .Select(job => job.GroupBy(r => r.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key)
                .GroupBy(silo => silo).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            ranOn.GroupBy(r => r.Value).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            silos.Count,
            silos.Sum(s => s.ProcessorCount),
            silos.Select(s => s.MachineName).Distinct().Count(),
            ClusterShape.CoresOfMachines(silos),
            dispatcher.RetriedJobs,
            dispatcher.RetriedCalls,
            dispatcher.DuplicatesDiscarded);
    }

    /// <summary>"4 on silo A, 4 on silo B".</summary>
    public string Spread => string.Join(", ", JobsPerSilo.Select(p => $"{p.Value} on {p.Key}"));
}
