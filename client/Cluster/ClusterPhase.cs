namespace Concurrency.Client.Cluster;

/// <summary>The steps of a cluster strategy before its work goes out; a silo may die during any of them.</summary>
public enum ClusterPhase
{
    /// <summary>The management grain has listed the silos; the roster is about to read membership from them.</summary>
    Roster,

    /// <summary>The roster holds membership's view and is about to ask each silo for its cores and machine.</summary>
    Describe,

    /// <summary>The dispatchers are described and about to be warmed (activated, lanes and all).</summary>
    WarmUp,
}
