using Concurrency.Client.Cli;
using Concurrency.Client.Experiments;

namespace Concurrency.Tests;

/// <summary>Every experiment in the catalog carries soak sizes that its own command line accepts.</summary>
public sealed class SoakSizesTests
{
    public static TheoryData<string> Experiments => [.. ExperimentCatalog.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Experiments))]
    public void The_soak_sizes_of_each_experiment_are_valid_settings(string name)
    {
        var experiment = ExperimentCatalog.All.Single(e => e.Name == name);

        var prepared = RunCommand.Prepare(experiment, experiment.SoakArguments, quick: true);

        Assert.Same(experiment, prepared.Experiment);
    }
}
