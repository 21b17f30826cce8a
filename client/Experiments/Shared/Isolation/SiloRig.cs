using System.Net;
using System.Runtime.CompilerServices;
using Concurrency.Abstractions;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// A small cluster of its own for the payload paths: a home silo in this process that sends, a neighbour silo in
/// this process, and a silo process, both joined to home. The experiment's own cluster is not used: what a path
/// costs depends on where the sender is, and a client behind a gateway has no "same silo".
/// </summary>
public sealed class SiloRig : IAsyncDisposable
{
    private readonly Dictionary<PayloadPath, string> _keys = [];

    private SiloRig(LabSilo home)
    {
        Home = home;
        _keys[PayloadPath.SameSiloShared] = _keys[PayloadPath.SameSiloCopied] = AddressOf(home);
    }

    public LabSilo Home { get; }

    public LabSilo? Neighbour { get; private set; }

    public SiloChild? Child { get; private set; }

    /// <summary>Why there is no silo process, when there is none.</summary>
    public string? ChildMissing { get; private set; }

    /// <summary>
    /// Starts home, then the neighbour (when asked) and the silo process (when asked and the silo program is here),
    /// and waits until home's membership view holds each as active, so home can place a grain on it.
    /// </summary>
    public static async Task<SiloRig> StartAsync(bool neighbour, bool child, CancellationToken cancellationToken)
    {
        var rig = new SiloRig(await SiloStarts.InProcessAsync(null, cancellationToken));
        try
        {
            if (neighbour)
            {
                rig.Neighbour = await SiloStarts.InProcessAsync(rig.Home.SiloEndpoint, cancellationToken);
                rig._keys[PayloadPath.SiloInProcess] = await rig.ActiveAsync(rig.Neighbour.SiloEndpoint, cancellationToken);
            }

            rig.ChildMissing = child ? SiloProgram.Missing : "not asked for";
            if (rig.ChildMissing is null)
            {
                rig.Child = await SiloChild.StartAsync(rig.Home.SiloEndpoint, cancellationToken);
                rig._keys[PayloadPath.SiloProcess] = await rig.ActiveAsync(rig.Child.SiloEndpoint, cancellationToken);
            }

            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public bool Has(PayloadPath path) => _keys.ContainsKey(path);

    /// <summary>The payload grain the path ends at, called through home's own grain factory.</summary>
    public IPayloadGrain Receiver(PayloadPath path) => Home.Grains.GetGrain<IPayloadGrain>(_keys[path]);

    /// <summary>Sends <paramref name="bytes"/> along <paramref name="path"/>: marked [Immutable] on every path but <see cref="PayloadPath.SameSiloCopied"/>.</summary>
    public Task<PayloadReceipt> SendAsync(PayloadPath path, byte[] bytes, CancellationToken cancellationToken) =>
        path == PayloadPath.SameSiloCopied
            ? Receiver(path).TakeCopied(new CopiedPayload(bytes), cancellationToken).AsTask()
            : Receiver(path).TakeShared(new SharedPayload(bytes), cancellationToken).AsTask();

    /// <summary>True when the receiver got the caller's very array, not a copy of it.</summary>
    public static bool SameArray(byte[] sent, PayloadReceipt receipt) =>
        receipt.ProcessId == Environment.ProcessId && receipt.Identity == RuntimeHelpers.GetHashCode(sent);

    public async ValueTask DisposeAsync()
    {
        // Home first: the joined silos then have nobody to tell that they leave.
        await SiloStarts.StopQuicklyAsync(Home);
        if (Neighbour is not null)
        {
            await SiloStarts.StopQuicklyAsync(Neighbour);
        }

        if (Child is not null)
        {
            await Child.DisposeAsync();
        }
    }

    private static string AddressOf(LabSilo silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

    /// <summary>Waits on home's membership updates until the silo at <paramref name="endpoint"/> is active there; returns its address.</summary>
    private async Task<string> ActiveAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var membership = Home.Services.GetRequiredService<IClusterMembershipService>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SiloChild.ReadyTimeout);
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(timeout.Token))
        {
            if (snapshot.Members.Values.FirstOrDefault(m => m.Status == SiloStatus.Active && m.SiloAddress.Endpoint.Equals(endpoint)) is { } member)
            {
                return member.SiloAddress.ToParsableString();
            }
        }

        throw new InvalidOperationException($"silo {endpoint} never became active in home's membership view");
    }
}
