using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Concurrency.Hosting;

/// <summary>The settings every silo and client of one lab cluster must agree on.</summary>
public static class LabCluster
{
    public const string ClusterId = "concurrency-lab";
    public const string ServiceId = "concurrency-lab";

    /// <summary>How long a client or silo may try to reach Redis before it says so.</summary>
    public static readonly TimeSpan RedisConnectTimeout = TimeSpan.FromSeconds(3);

    public static void ConfigureIds(ClusterOptions cluster)
    {
        cluster.ClusterId = ClusterId;
        cluster.ServiceId = ServiceId;
    }

    public static ConfigurationOptions RedisOptions(IPEndPoint redis)
    {
        var options = new ConfigurationOptions
        {
            ConnectTimeout = (int)RedisConnectTimeout.TotalMilliseconds,
            AbortOnConnectFail = true,
            ConnectRetry = 1,
        };
        options.EndPoints.Add(redis);
        return options;
    }

    /// <summary>
    /// Membership tuned for a lab, where silos are killed on purpose: a silo that stops answering probes is declared
    /// dead after a few seconds instead of Orleans' production default of tens of seconds, so the survivors take
    /// over its work while you watch. Tests use the same settings.
    /// </summary>
    public static void ConfigureFastMembership(ClusterMembershipOptions membership)
    {
        membership.ProbeTimeout = TimeSpan.FromSeconds(1);
        membership.NumMissedProbesLimit = 2;
        membership.NumProbedSilos = 2;
        membership.NumVotesForDeathDeclaration = 1;
        membership.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        membership.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        membership.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }
}
