using Concurrency.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// An in-process test cluster whose simulated internet runs on a fake clock the tests advance by hand. Only the
/// lab's <see cref="LabClock"/> is fake: Orleans keeps its own <see cref="TimeProvider"/>, so calls, timeouts and
/// membership run on real time while every simulated latency waits for <see cref="FakeTimeClusterFixture.Clock"/>.
/// The clock is shared by the collection's tests, which run one after another; each leaves no timer behind.
/// </summary>
public sealed class FakeTimeClusterFixture : IAsyncLifetime
{
    public WatchedFakeClock Clock { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The silo's simulated network, to look at its timers.</summary>
    public SimulatedNetwork Network => Cluster.Silos[0].ServiceProvider.GetRequiredService<SimulatedNetwork>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddSingleton(new LabClock(Clock)).AddConcurrencyGrains());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class FakeTimeClusterCollection : ICollectionFixture<FakeTimeClusterFixture>
{
    public const string Name = "fake-time cluster";
}
