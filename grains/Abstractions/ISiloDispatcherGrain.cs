namespace Concurrency.Abstractions;

/// <summary>
/// The door into one silo's stateless cruncher pool, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>).
///
/// A <c>[StatelessWorker]</c> is always activated on the silo that handles the call, and a client's call is handled by
/// whichever gateway it goes through, so a client cannot aim work at a chosen silo's pool directly. A dispatcher can be
/// aimed: a silo-pinned placement activates dispatcher "S" on silo S and nowhere else, and the stateless workers the
/// dispatcher calls are then activated on S too. One dispatcher per active silo spreads the work over every silo,
/// each silo over its own cores.
/// </summary>
public interface ISiloDispatcherGrain : IGrainWithStringKey
{
    /// <summary>This silo: its address, cores and machine.</summary>
    ValueTask<SiloInfo> Describe(CancellationToken cancellationToken = default);

    /// <summary>The silos this silo's membership view holds as active, by address; a client refreshes its list here.</summary>
    ValueTask<string[]> ActiveSilos(CancellationToken cancellationToken = default);

    /// <summary>The same view with its membership version, so a client can tell a newer view from a stale one.</summary>
    ValueTask<MembershipView> Membership(CancellationToken cancellationToken = default);

    /// <summary>One chunk of a pi job, crunched by this silo's pool; the answer names the silo that ran it.</summary>
    ValueTask<ChunkSum> SumTerms(TermRange range, CancellationToken cancellationToken = default);

    /// <summary>One batch of a named work function, mapped by this silo's pool; the answer names the silo that ran it.</summary>
    ValueTask<BatchDigest> Map(WorkBatch batch, CancellationToken cancellationToken = default);
}
