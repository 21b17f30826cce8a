using Concurrency.Abstractions;

namespace Concurrency.Client.Cluster;

/// <summary>What a cluster run reports about where its work ran and what had to be sent again.</summary>
public static class ClusterTally
{
    /// <summary>
    /// jobsPerSilo (each job once, under the silo that ran most of its units: a job that moved when its silo died
    /// counts where most of it ran), unitsPerSilo (every unit once), the silos and their cores, and the retries.
    /// </summary>
    public static Dictionary<string, object?> Metrics(ClusterDispatcher dispatcher, string unitName)
    {
        var ranOn = dispatcher.RanOn;
        var silos = dispatcher.Roster.Seen;
        return new Dictionary<string, object?>
        {
            ["jobsPerSilo"] = ranOn.GroupBy(r => r.Key.Job)
                .Select(job => job.GroupBy(r => r.Value).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key)
                .GroupBy(silo => silo).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            [$"{unitName}PerSilo"] = ranOn.GroupBy(r => r.Value).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            ["silos"] = silos.Count,
            ["siloCores"] = silos.Sum(s => s.ProcessorCount),
            ["machines"] = silos.Select(s => s.MachineName).Distinct().Count(),
            ["machineCores"] = MachineCores(silos),
            ["retriedJobs"] = dispatcher.RetriedJobs,
            ["retriedCalls"] = dispatcher.RetriedCalls,
            ["duplicatesDiscarded"] = dispatcher.DuplicatesDiscarded,
        };
    }

    /// <summary>Cores the silos can really use together: a machine's cores count once, however many silos share it.</summary>
    public static int MachineCores(IEnumerable<SiloInfo> silos) =>
        silos.GroupBy(s => s.MachineName).Sum(machine => machine.Max(s => s.ProcessorCount));
}
