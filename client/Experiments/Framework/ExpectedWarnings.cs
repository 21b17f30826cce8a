using Concurrency.Abstractions.Logging;

namespace Concurrency.Client.Experiments;

/// <summary>
/// Warnings an experiment's claim predicts: at least <see cref="AtLeast"/> of <see cref="Kind"/>, which may be logged
/// up to <see cref="Within"/> after the last strategy's answer, so the count waits that long for them (and no longer).
/// </summary>
public sealed record ExpectedWarnings(FrameworkWarningKind Kind, long AtLeast, TimeSpan Within);
