using Concurrency.Abstractions;

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
            CoresOfMachines(silos),
            dispatcher.RetriedJobs,
            dispatcher.RetriedCalls,
            dispatcher.DuplicatesDiscarded);
    }

    /// <summary>Cores the silos can really use together: a machine's cores count once, however many silos share it.</summary>
    public static int CoresOfMachines(IEnumerable<SiloInfo> silos) =>
        silos.GroupBy(s => s.MachineName).Sum(machine => machine.Max(s => s.ProcessorCount));

    /// <summary>"4 on silo A, 4 on silo B".</summary>
    public string Spread => string.Join(", ", JobsPerSilo.Select(p => $"{p.Value} on {p.Key}"));
}
