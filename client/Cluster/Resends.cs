using System.Text.Json.Serialization;

namespace Concurrency.Client.Cluster;

/// <summary>
/// What a strategy had to send again because silos died or refused while it ran: the silos membership dropped (and
/// when), the units sent again, the jobs they belong to, and the late answers discarded because an earlier one had
/// counted. The work is idempotent, so the result is the same; the time is not: it includes the redone work.
/// </summary>
public sealed record Resends(IReadOnlyList<SiloLoss> SilosLost, long RetriedUnits, int RetriedJobs, long DuplicatesDiscarded)
{
    public static Resends Of(ClusterDispatcher dispatcher) =>
        new(dispatcher.Roster.Losses, dispatcher.RetriedCalls, dispatcher.RetriedJobs, dispatcher.DuplicatesDiscarded);

    /// <summary>Every run's resends together, for a strategy sampled in rounds; null when no run had a resend path.</summary>
    public static Resends? Across(IEnumerable<Resends?> runs)
    {
        var all = runs.OfType<Resends>().ToList();
        return all.Count == 0 ? null : new Resends(
            [.. all.SelectMany(r => r.SilosLost)],
            all.Sum(r => r.RetriedUnits),
            all.Sum(r => r.RetriedJobs),
            all.Sum(r => r.DuplicatesDiscarded));
    }

    /// <summary>Whether anything was sent again or discarded.</summary>
    [JsonIgnore]
    public bool Any => SilosLost.Count > 0 || RetriedUnits > 0 || DuplicatesDiscarded > 0;

    /// <summary>"silo A died 2.1 s in; 3 unit(s) of 2 job(s) sent again, 1 late answer(s) discarded".</summary>
    public string Describe()
    {
        var lost = SilosLost.Count == 0 ? "no silo died" : string.Join(", ", SilosLost.Select(l => $"silo {l.Silo} died {l.AtSeconds:0.#} s in"));
        return $"{lost}; {RetriedUnits:N0} unit(s) of {RetriedJobs:N0} job(s) sent again, {DuplicatesDiscarded:N0} late answer(s) discarded";
    }
}
