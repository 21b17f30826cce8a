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
        { ["run", "downloads", "--source", "ftp"], "--source" },
        { ["run", "downloads", "--source", "http", "--fail-rate", "1.5"], "--fail-rate" },
        { ["run", "downloads", "--source", "http", "--hang-rate", "-0.1"], "--hang-rate" },
        { ["run", "downloads", "--source", "http", "--fail-rate", "0.7", "--hang-rate", "0.5"], "--hang-rate" },
        { ["run", "downloads", "--source", "http", "--retries", "11"], "--retries" },
        { ["run", "downloads", "--source", "http", "--timeout", "soon"], "--timeout" },
        { ["run", "downloads", "--source", "http", "--count", "20000", "--strategy", "concurrent"], "--count" },
        { ["run", "downloads", "--bytes", "99999999999"], "--bytes" },
        { ["run", "downloads", "--fail-rate", "0.1"], "--source http" },
        { ["run", "downloads", "--retries", "2"], "--source http" },
        { ["download", "--urls", "/no/such/file.txt"], "--urls" },
        { ["download"], "--urls" },
        { ["download", "--urls", "/no/such/file.txt", "--concurrency", "0"], "--concurrency" },
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
