using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One of the article's experiments, as the command line and the catalog see it: its name, its claim, its strategies
/// and its settings. <see cref="Prepare"/> checks the user's values before any silo starts.
/// </summary>
public interface IExperiment
{
    string Name { get; }

    /// <summary>The article's claim, in one sentence or two.</summary>
    string Claim { get; }

    /// <summary>The strategies, in the order they run; <c>--strategy</c> takes their names.</summary>
    IReadOnlyList<IStrategy> Strategies { get; }

    /// <summary>This experiment's options, each with its defaults: its subcommand takes exactly these.</summary>
    IReadOnlyList<ISetting> Settings { get; }

    /// <summary>
    /// The arguments a soak iteration runs it with, on top of its quick sizes: sizes that take seconds yet still use
    /// every kind of grain it has. Empty where the quick sizes already do.
    /// </summary>
    IReadOnlyList<string> SoakArguments { get; }

    /// <summary>Binds the settings. Throws <see cref="Hosting.UsageException"/> on values it cannot run.</summary>
    IPreparedExperiment Prepare(SettingValues values);
}

/// <summary>An experiment with its settings bound, ready to run.</summary>
public interface IPreparedExperiment
{
    IExperiment Experiment { get; }

    Task<ExperimentResult> RunAsync(ExperimentContext context, CancellationToken cancellationToken);
}
