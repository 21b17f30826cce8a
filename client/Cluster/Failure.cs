using Concurrency.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace Concurrency.Client.Cluster;

/// <summary>What a failed call means for the work it carried. Orleans never resends a call by itself: the caller decides.</summary>
public enum FailureKind
{
    /// <summary>Not a cluster failure (a bug, bad input, the user's cancellation): let it fail the run.</summary>
    Fatal,

    /// <summary>The call never ran or its silo is gone with it: resubmit elsewhere.</summary>
    NotDone,

    /// <summary>It may or may not have run (a timeout, or a call abandoned because its silo left): resubmit, and keep only one answer.</summary>
    Unknown,
}

public static class Failure
{
    private const string PlacementRefusal = "No active nodes are compatible with grain ";

    /// <summary>
    /// SiloUnavailableException: the target silo is dead or leaving. OrleansMessageRejectionException: a silo refused
    /// or could not forward the message. A lost connection (a killed gateway) surfaces as one of those or as
    /// ConnectionFailedException. None of them ran the work to completion for us, so it is resubmitted. A
    /// TimeoutException says only that no answer came: the work may have run, so its answer, if it still comes, must
    /// not count twice. A placement refusal (<see cref="NoSiloCanPlace"/>) never ran the call either: every silo
    /// that could take a new activation is leaving, as when the client's only silo shuts down gracefully.
    /// </summary>
    public static FailureKind Classify(Exception exception) => exception.Unwrapped() switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException => FailureKind.NotDone,
        OrleansException placement when NoSiloCanPlace(placement) => FailureKind.NotDone,
        TimeoutException => FailureKind.Unknown,
        _ => FailureKind.Fatal,
    };

    /// <summary>
    /// Orleans' placement found no active silo for a new activation. It says so only in a plain OrleansException
    /// ("No active nodes are compatible with grain X and interface Y"), so its message is the one sign there is.
    /// </summary>
    public static bool NoSiloCanPlace(OrleansException exception) =>
        exception.GetType() == typeof(OrleansException) && exception.Message.StartsWith(PlacementRefusal, StringComparison.Ordinal);
}
