using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Concurrency.Grains;

/// <summary>
/// One per silo: <see cref="SiloPinnedPlacementAttribute"/> activates dispatcher "S" on silo S, so a client reaches the
/// pool of any silo it names. The dispatcher does no crunching itself: it forwards each call to a stateless cruncher,
/// and a stateless worker called from a grain is activated on that grain's silo, so the work runs on S's cores.
///
/// It is <see cref="ReentrantAttribute">reentrant</see>: while one chunk is out on a worker, the dispatcher takes the
/// next call, or it would hand the silo one chunk at a time. Its turns still never overlap, so the per-lane counters
/// need no lock. Each call goes to the least busy lane (one stateless-worker key per core, see
/// <see cref="CruncherPool"/>), so concurrent chunks land on different cores whatever order they arrive in.
/// </summary>
[LaneRole("silo dispatcher")]
[SiloPinnedPlacement, Reentrant]
public sealed class SiloDispatcherGrain(ILocalSiloDetails silo, IClusterMembershipService membership) : Grain, ISiloDispatcherGrain
{
    private readonly int[] _busy = new int[Environment.ProcessorCount];

    private string Address => silo.SiloAddress.ToParsableString();

    public ValueTask<SiloInfo> Describe(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new SiloInfo(Address, Environment.ProcessorCount, Environment.MachineName));

    public ValueTask<string[]> ActiveSilos(CancellationToken cancellationToken) =>
        ValueTask.FromResult(Active(membership.CurrentSnapshot));

    public ValueTask<MembershipView> Membership(CancellationToken cancellationToken)
    {
        var snapshot = membership.CurrentSnapshot;
        return ValueTask.FromResult(new MembershipView(snapshot.Version.Value, Active(snapshot)));
    }

    private static string[] Active(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.ToParsableString())
            .Order(StringComparer.Ordinal)];

    public async ValueTask<ChunkSum> SumTerms(TermRange range, CancellationToken cancellationToken) =>
        new(await OnLeastBusyKey((worker, token) => worker.SumTerms(range, token), cancellationToken), Address);

    public async ValueTask<BatchDigest> Map(WorkBatch batch, CancellationToken cancellationToken) =>
        new(await OnLeastBusyKey((worker, token) => worker.Map(batch, token), cancellationToken), Address);

    private async Task<T> OnLeastBusyKey<T>(Func<IStatelessCruncherGrain, CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        var key = Array.IndexOf(_busy, _busy.Min());
        _busy[key]++;
        try
        {
            return await call(GrainFactory.AtPoolKey(key, _busy.Length), cancellationToken);
        }
        finally
        {
            _busy[key]--;
        }
    }
}
