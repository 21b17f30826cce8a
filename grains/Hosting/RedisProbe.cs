using System.Net;

namespace Concurrency.Hosting;

/// <summary>
/// Whether a Redis server answers at the membership table's address, asked before Orleans is: its own client would
/// retry for tens of seconds and then fail with a stack trace.
/// </summary>
public static class RedisProbe
{
    /// <summary>Null when something accepts a connection at <paramref name="redis"/> in time; else the sentence that says it did not.</summary>
    public static async Task<string?> FailureAsync(IPEndPoint redis, CancellationToken cancellationToken) =>
        await TcpProbe.AnswersAsync(redis, LabCluster.RedisConnectTimeout, cancellationToken)
            ? null
            : $"no Redis answers at {redis} (tried for {LabCluster.RedisConnectTimeout.TotalSeconds:0} s); start redis-server or fix --redis.";
}
