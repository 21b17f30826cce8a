using Concurrency.Abstractions;

namespace Concurrency.Client.Results;

/// <summary>
/// The shape a model is evaluated for: how many silos, the cores each silo's process may use, how many machines they
/// run on, and the cores of each machine. Silos on one machine share its cores, so work spread over every silo can use
/// at most <see cref="UsableCores"/>: more silos than machines add schedulers, not cores.
/// </summary>
public sealed record ClusterShape(int Silos, int CoresPerSilo, int Machines, int CoresPerMachine)
{
    /// <summary>One silo alone on a machine of <paramref name="cores"/> cores.</summary>
    public static ClusterShape OneSilo(int cores) => new(1, cores, 1, cores);

    /// <summary>
    /// The shape of these silos: a machine is a machine name, and its cores are counted once however many silos share
    /// it (the most that any of its silos may use).
    /// </summary>
    public static ClusterShape Of(IReadOnlyCollection<SiloInfo> silos)
    {
        if (silos.Count == 0)
        {
            return OneSilo(Environment.ProcessorCount);
        }

        var machines = silos.Select(s => s.MachineName).Distinct().Count();
        return new(silos.Count, silos.Max(s => s.ProcessorCount), machines, Math.Max(1, CoresOfMachines(silos) / machines));
    }

    /// <summary>Cores the silos can really use together: a machine's cores count once, however many silos share it.</summary>
    public static int CoresOfMachines(IEnumerable<SiloInfo> silos) =>
        silos.GroupBy(s => s.MachineName).Sum(machine => machine.Max(s => s.ProcessorCount));

    /// <summary>Every silo's cores added up, as if no two shared a machine.</summary>
    public int SiloCores => Silos * CoresPerSilo;

    /// <summary>The cores that really exist: each machine's once.</summary>
    public int MachineCores => Machines * CoresPerMachine;

    /// <summary>The most cores that work spread over every silo can keep busy at once.</summary>
    public int UsableCores => Math.Min(SiloCores, MachineCores);

    /// <summary>The cores one silo's stateless workers can use: its process's share of its machine.</summary>
    public int CoresOfOneSilo => Math.Min(CoresPerSilo, CoresPerMachine);

    public override string ToString() =>
        Machines == 1 && Silos == 1 ? $"1 silo, {CoresPerSilo} cores" : $"{Silos} silo(s) x {CoresPerSilo} cores on {Machines} machine(s) x {CoresPerMachine} cores";
}
