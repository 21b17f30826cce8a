using Concurrency.Abstractions;
using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Grains;
using Concurrency.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// Three in-process silos with the lab's fast membership (probes time out after 1 s, two missed probes and one vote
/// declare a silo dead, the table is re-read every 2 s), so a killed silo is noticed in seconds. Tests that kill or
/// add silos put the cluster back to three silos (<see cref="RestoreAsync"/>) before the next test.
/// </summary>
public sealed class ThreeSiloFixture : IAsyncLifetime
{
    public const int SiloCount = 3;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The client's experiment calls in flight.</summary>
    public Client.Cluster.CallsInFlight Calls => Cluster.Client.ServiceProvider.GetRequiredService<Client.Cluster.CallsInFlight>();

    public ExperimentContext Context(Client.Cluster.IClusterObserver? observer = null, Client.Output.IProgressSink? progress = null) =>
        new(Grains, ClusterInfo.Local(Cluster.Silos.Count), progress) { ClusterObserver = observer };

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddConcurrencyGrains();
            silo.Services.Configure<ClusterMembershipOptions>(LabCluster.ConfigureFastMembership);
        });
        // The client counts its calls in flight, as the lab's own client does, for the death watch to ask about.
        builder.ConfigureClient(client =>
        {
            client.Services.AddSingleton<Client.Cluster.CallsInFlight>();
            client.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<Client.Cluster.CallsInFlight>());
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await WaitForActiveSilosAsync(SiloCount);
    }

    /// <summary>The silos that membership (seen from the first silo) holds active, by address.</summary>
    public async Task<string[]> ActiveSilosAsync() =>
        await Grains.GetGrain<ISiloDispatcherGrain>(Cluster.Silos[0].SiloAddress.ToParsableString()).ActiveSilos();

    /// <summary>
    /// Waits until membership, as every live silo sees it, lists exactly <paramref name="count"/> active silos: the
    /// event a kill or a join ends in. Every silo, not one: a roster takes the view of whichever silo answers first.
    /// </summary>
    public async Task<string[]> WaitForActiveSilosAsync(int count, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            string[][] views;
            try
            {
                views = await Task.WhenAll(Cluster.Silos.Select(s => Grains.GetGrain<ISiloDispatcherGrain>(s.SiloAddress.ToParsableString()).ActiveSilos().AsTask()));
            }
            catch (Exception e) when (Client.Cluster.Failure.Classify(e) != Client.Cluster.FailureKind.Fatal && !timeout.IsCancellationRequested)
            {
                // The client's gateway was the silo just killed, or a silo is still leaving: not settled yet.
                views = [];
            }

            if (views.Length > 0 && views.All(v => v.Length == count && v.Order(StringComparer.Ordinal).SequenceEqual(views[0].Order(StringComparer.Ordinal))))
            {
                return views[0];
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>
    /// Back to three live silos after a test killed or added some. After a kill the cluster is deployed anew, client
    /// and all: a client whose gateways were killed test after test kept only dead ones in its list (Orleans reads it
    /// again once a minute), and refused every call with "No gateways available" though three silos were up.
    /// </summary>
    public async Task RestoreAsync()
    {
        if (Cluster.Silos.Count < SiloCount)
        {
            await Cluster.DisposeAsync();
            await InitializeAsync();
            return;
        }

        while (Cluster.Silos.Count > SiloCount)
        {
            await Cluster.StopSiloAsync(Cluster.Silos[^1]);
        }

        while (Cluster.Silos.Count < SiloCount)
        {
            await Cluster.StartAdditionalSiloAsync();
        }

        await WaitForActiveSilosAsync(SiloCount);
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ThreeSiloCollection : ICollectionFixture<ThreeSiloFixture>
{
    public const string Name = "three silos";
}

/// <summary>
/// A three-silo cluster of its own for the random kills: twenty kills, a redeploy after each, take minutes, and on the
/// shared cluster they queued every other kill test behind them. Two clusters in one process are independent.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RandomKillCollection : ICollectionFixture<ThreeSiloFixture>
{
    public const string Name = "three silos for random kills";
}
