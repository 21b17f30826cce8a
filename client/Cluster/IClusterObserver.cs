namespace Concurrency.Client.Cluster;

/// <summary>Hears where the cluster dispatcher sends work, as it happens: lets a test kill a silo while it holds work.</summary>
public interface IClusterObserver
{
    /// <summary>Unit <paramref name="key"/> was just sent to the silo whose address is <paramref name="silo"/>.</summary>
    void Sent(WorkKey key, string silo);
}
