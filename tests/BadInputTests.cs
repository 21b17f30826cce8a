using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>Every refusal is one line on stderr, exit code 2, no stack trace, and nothing on stdout.</summary>
public sealed class BadInputTests
{
    public static TheoryData<string[], string> Cases => new()
    {
        { ["run", "downloads", "--count", "0"], "--count" },
        { ["run", "downloads", "--count", "-3"], "--count" },
        { ["run", "downloads", "--count", "three"], "--count" },
        { ["run", "downloads", "--count", "2.5"], "--count" },
        { ["run", "downloads", "--count", "99999999999999999999"], "--count" },
        { ["run", "downloads", "--latency", "2"], "--latency" },
        { ["run", "downloads", "--latency", "-1s"], "--latency" },
        { ["run", "downloads", "--latency", "fast"], "--latency" },
        { ["run", "downloads", "--latency", "0s"], "--latency" },
        { ["run", "downloads", "--latency", "1e308s"], "--latency" },
        { ["run", "nosuch"], "nosuch" },
        { ["run", "downloads", "--frobnicate"], "--frobnicate" },
        { ["run", "downloads", "--strategy", "psychic"], "psychic" },
        { ["run", "downloads", "--gateway", "localhost"], "--gateway" },
        { ["run", "downloads", "--gateway", "127.0.0.1:99999"], "--gateway" },
        { ["run", "downloads", "--gateway", "127.0.0.1:"], "--gateway" },
        { ["run", "downloads", "--gateway", "not a host:30000"], "--gateway" },
        { ["run", "downloads", "--count", "100000", "--latency", "1s"], "--strategy concurrent" },
        { ["frobnicate"], "frobnicate" },
        { ["run", "downloads", "--clustering", "redis"], "--redis" },
        { ["run", "downloads", "--clustering", "zookeeper"], "--clustering" },
        { ["run", "downloads", "--redis", "127.0.0.1:6379"], "--clustering redis" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--embedded"], "--embedded" },
        { ["run", "downloads", "--trace", "/no/such/folder/t.json"], "--trace" },
        { ["run", "downloads", "--report", "/tmp"], "--report" },
        { ["run", "downloads", "--report", ""], "--report" },
        { ["run", "downloads", "--trace-limit", "0"], "--trace-limit" },
        { ["run", "downloads", "--trace", "same.json", "--report", "same.json"], "same file" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_one_line_and_exit_code_2(string[] args, string mentioned)
    {
        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(60), args);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}; stderr: {run.Stderr}; stdout: {run.Stdout}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(mentioned, line);
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task An_explicit_gateway_where_no_silo_answers_is_refused_with_what_was_tried()
    {
        var port = FreeTcpPort.Pick();

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(60), "run", "downloads", "--gateway", $"127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"127.0.0.1:{port}", Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
