using Concurrency.Client.Cluster;
using Orleans.Runtime;

namespace Concurrency.Tests;

/// <summary>What each failure of a call means for its work: resend it, resend it and keep one answer, or fail the run.</summary>
public sealed class FailureKindTests
{
    [Fact]
    public void A_placement_refusal_never_ran_the_call_so_it_is_sent_again()
    {
        // The text Orleans' PlacementService throws when every silo is leaving (seen as a client's only silo stopped
        // gracefully under load): the call was refused before any grain took it.
        var refusal = new OrleansException("No active nodes are compatible with grain fetcher/42 and interface Concurrency.Abstractions.IAsyncFetcherGrain");

        Assert.Equal(FailureKind.NotDone, Failure.Classify(refusal));
        Assert.Equal(FailureKind.NotDone, Failure.Classify(new AggregateException(refusal)));
    }

    [Fact]
    public void Any_other_plain_orleans_failure_fails_the_run()
    {
        Assert.Equal(FailureKind.Fatal, Failure.Classify(new OrleansException("Grain fetcher/42 threw: no active nodes here")));
        Assert.Equal(FailureKind.Fatal, Failure.Classify(new InvalidOperationException("No active nodes are compatible with grain x")));
    }

    [Fact]
    public void A_lost_silo_is_not_done_and_a_timeout_is_unknown()
    {
        Assert.Equal(FailureKind.NotDone, Failure.Classify(new SiloUnavailableException()));
        Assert.Equal(FailureKind.Unknown, Failure.Classify(new TimeoutException()));
    }
}
