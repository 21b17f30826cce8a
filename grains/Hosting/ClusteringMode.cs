namespace Concurrency.Hosting;

/// <summary>How the silos of a cluster find each other.</summary>
public enum ClusteringMode
{
    /// <summary>Every silo knows one primary silo's endpoint. Simple, but the primary is a single point of failure.</summary>
    Development,

    /// <summary>A membership table in Redis: any silo may die, and clients find gateways in the table.</summary>
    Redis,
}
