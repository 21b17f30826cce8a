namespace Concurrency.Abstractions.Logging;

/// <summary>
/// One silo's count of the framework's warnings, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>)
/// and activated on exactly that silo, as the trace buffer is: the client reads every silo by asking the membership
/// for the silos and calling one of these per silo.
/// </summary>
public interface IFrameworkLogGrain : IGrainWithStringKey
{
    /// <summary>Every warning this silo's framework loggers logged since it started, per kind.</summary>
    ValueTask<FrameworkWarnings> Warnings();

    /// <summary>
    /// The counts once this silo has counted more than <paramref name="beyond"/> warnings of <paramref name="kind"/>,
    /// or after <paramref name="within"/>, whichever comes first. Orleans logs a long turn after the turn's work item
    /// ends, which is after the turn's answer went out: a caller that read the count on the answer could miss it.
    /// </summary>
    ValueTask<FrameworkWarnings> WarningsBeyond(FrameworkWarningKind kind, long beyond, TimeSpan within);
}
