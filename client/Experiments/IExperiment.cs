using System.CommandLine;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One of the article's experiments. It names the claim it tests, the strategies it compares and the options
/// it takes; <see cref="Prepare"/> checks the user's values before any silo starts.
/// </summary>
public interface IExperiment
{
    string Name { get; }

    /// <summary>The article's claim, in one sentence.</summary>
    string Claim { get; }

    IReadOnlyList<string> Strategies { get; }

    IReadOnlyList<Option> Options { get; }

    /// <summary>Reads this experiment's options. Throws <see cref="Hosting.Cli.UsageException"/> on values it cannot run.</summary>
    IPreparedExperiment Prepare(ExperimentArgs args);
}

/// <summary>An experiment with its settings bound, ready to run.</summary>
public interface IPreparedExperiment
{
    IExperiment Experiment { get; }

    Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken);
}
