using System.Net.Sockets;
using System.Net;
using Concurrency.Hosting;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A silo that cannot start on well-formed options (a port taken, no Redis) says why in one line with exit code 1,
/// and its own exception type, not the bad-input one.
/// </summary>
public sealed class SiloStartFailureTests
{
    [Theory]
    [InlineData("--silo-port")]
    [InlineData("--gateway-port")]
    [InlineData("--dashboard-port")]
    public async Task A_port_in_use_is_one_line_and_exit_code_1(string option)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var run = await LabProcess.RunSiloAsync(TimeSpan.FromSeconds(60), "--no-dashboard", option, $"{port}");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}; stderr: {run.Stderr}");
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"port {port}", line);
        Assert.Contains(option, line);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task A_silo_with_no_redis_answering_is_one_line_and_exit_code_1()
    {
        var port = FreeTcpPort.Pick();

        var run = await LabProcess.RunSiloAsync(TimeSpan.FromSeconds(60), "--no-dashboard", "--clustering", "redis", "--redis", $"127.0.0.1:{port}");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}; stderr: {run.Stderr}");
        Assert.Contains($"no Redis answers at 127.0.0.1:{port}", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Starting_a_silo_on_a_taken_port_throws_its_own_exception()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<SiloStartException>(() =>
            LabSilo.StartAsync(new LabSiloOptions { SiloPort = 0, GatewayPort = port, HttpPort = 0, Dashboard = false }));
        Assert.Contains("--gateway-port", error.Message);
    }

    [Fact]
    public void An_aggregate_of_one_failure_is_that_failure_and_of_several_stays_whole()
    {
        var inner = new TimeoutException("late");
        var several = new AggregateException(inner, new InvalidOperationException());

        Assert.Same(inner, new AggregateException(new AggregateException(inner)).Unwrapped());
        Assert.Same(several, several.Unwrapped());
        Assert.Same(inner, inner.Unwrapped());
    }
}
