using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Hosting;
using Concurrency.Hosting.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A whole lab silo on free loopback ports: Orleans with the downloader grains, and the sites endpoint they fetch from
/// over real sockets. Shared by the tests of the "sites" collection.
/// </summary>
public sealed class SitesFixture : IAsyncLifetime
{
    public LabSilo Silo { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Grains;

    public Uri HttpBase => Silo.HttpBase;

    public SiteTraffic Traffic => Silo.Services.GetRequiredService<SiteTraffic>();

    /// <summary>The context the client gives experiments, pointed at this silo and its sites.</summary>
    public ExperimentContext Context => new(Grains, ClusterInfo.Local(), sitesBase: HttpBase);

    public static Task<LabSilo> StartSiloAsync() =>
        LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false });

    public async Task InitializeAsync() => Silo = await StartSiloAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

/// <summary>Downloads over real HTTP, judged on their timings: run alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SitesCollection : ICollectionFixture<SitesFixture>
{
    public const string Name = "sites";
}
