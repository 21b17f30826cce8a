namespace Concurrency.Client.Cluster;

/// <summary>Hears where the cluster dispatcher sends work, as it happens: lets a test act on the cluster at a chosen moment.</summary>
public interface IClusterObserver
{
    /// <summary>The strategy enters setup step <paramref name="phase"/> with <paramref name="silos"/> listed; the step waits for this.</summary>
    ValueTask EnteringAsync(ClusterPhase phase, IReadOnlyList<string> silos, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>A cluster strategy opened a roster: from now until <see cref="RosterStopped"/>, it resends the work of any silo that dies.</summary>
    void RosterStarted()
    {
    }

    /// <summary>The roster's setup ended: <paramref name="silos"/> are described and take work; any silo that died meanwhile was dropped, not waited for.</summary>
    void Ready(IReadOnlyList<string> silos)
    {
    }

    /// <summary>That roster was closed.</summary>
    void RosterStopped()
    {
    }

    /// <summary>Membership no longer lists <paramref name="silo"/>: calls to it are abandoned and it takes no more work.</summary>
    void Left(string silo)
    {
    }

    /// <summary>Describing <paramref name="silo"/> failed as if it were gone: the roster holds it out until membership lists it again.</summary>
    void Dropped(string silo)
    {
    }

    /// <summary>Unit <paramref name="key"/> is about to be given a silo from <paramref name="roster"/>; the unit waits for this.</summary>
    ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken);

    /// <summary>Unit <paramref name="key"/> was just sent to the silo whose address is <paramref name="silo"/>; null where it went to a grain that Orleans places.</summary>
    void Sent(WorkKey key, string? silo);

    /// <summary>A call of unit <paramref name="key"/> failed with <paramref name="failure"/>, and the unit is sent again.</summary>
    void Failed(WorkKey key, Exception failure)
    {
    }

    /// <summary>Unit <paramref name="key"/> is about to be sent to <paramref name="grain"/>, wherever Orleans placed it; the unit waits for this.</summary>
    ValueTask SendingToGrainAsync(WorkKey key, GrainId grain, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
