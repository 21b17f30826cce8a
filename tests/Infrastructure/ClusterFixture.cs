using Concurrency.Client.Experiments;
using Concurrency.Client.Results;
using Concurrency.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Concurrency.Tests.Infrastructure;

/// <summary>One in-process test cluster shared by every test in the "cluster" collection, as the Orleans testing docs show.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>The context the client gives experiments, pointed at the test cluster.</summary>
    public ExperimentContext Context => new(Grains, ClusterInfo.Local(Cluster.Silos.Count));

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.Services.AddConcurrencyGrains());
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>The experiments' tests: their verdicts compare wall-clock timings, so xunit runs them alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
