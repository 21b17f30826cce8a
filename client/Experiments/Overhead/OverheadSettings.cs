using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>Settings of <see cref="OverheadExperiment"/>: how many tiny tasks, and how many Leibniz terms each one computes.</summary>
public sealed record OverheadSettings(int Items, int Work) : ExperimentSettings;
