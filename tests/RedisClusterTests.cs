using System.Text.Json;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A real cluster: redis-server on a free loopback port, two silo processes that find each other in its membership
/// table, and the client as a third process that finds the gateways there too.
/// </summary>
public sealed class RedisClusterTests
{
    [Fact]
    public async Task Two_silo_processes_with_redis_membership_form_one_cluster_the_client_can_use()
    {
        await using var redis = await RedisServer.StartAsync();
        var redisAddress = $"127.0.0.1:{redis.Endpoint.Port}";
        await using var first = await SiloProcess.StartAsync("--clustering", "redis", "--redis", redisAddress);
        await using var second = await SiloProcess.StartAsync("--clustering", "redis", "--redis", redisAddress);

        var run = await LabProcess.RunClientAsync(
            TimeSpan.FromSeconds(90), "run", "downloads", "--count", "3", "--latency", "100ms", "--clustering", "redis", "--redis", redisAddress, "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var cluster = json.RootElement.GetProperty("cluster");
        Assert.Equal(2, cluster.GetProperty("silos").GetInt32());
        Assert.False(cluster.GetProperty("embedded").GetBoolean());
        Assert.True(json.RootElement.GetProperty("experiments")[0].GetProperty("holds").GetBoolean());
    }

    [Fact]
    public async Task A_redis_address_where_nothing_answers_is_refused_in_one_line()
    {
        var port = FreeTcpPort.Pick();

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(60), "run", "downloads", "--clustering", "redis", "--redis", $"127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
