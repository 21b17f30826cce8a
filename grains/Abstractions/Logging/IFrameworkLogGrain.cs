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
}
