using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Concurrency.Grains;

/// <summary>A stateless worker is activated on the silo that receives the call, so it describes that silo.</summary>
[LaneRole("silo info")]
[StatelessWorker]
public sealed class SiloInfoGrain(ILocalSiloDetails silo, SiloHttpEndpoint http, SimulatedNetwork network) : Grain, ISiloInfoGrain
{
    public ValueTask<SiloInfo> Describe() =>
        ValueTask.FromResult(new SiloInfo(silo.SiloAddress.ToParsableString(), Environment.ProcessorCount, Environment.MachineName, http.Base));

    public ValueTask<SiloHealth> Health()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return ValueTask.FromResult(new SiloHealth(process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false), Crunching.Running, network.PendingTimers, ThreadPool.ThreadCount));
    }
}
