using Concurrency.AppHost;
using Concurrency.Client.Cli;
using Concurrency.Silo;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>Every refusal, of the client or the silo program, is one line on stderr, exit code 2, no stack trace, and nothing on stdout.</summary>
[Collection(ConsoleCaptureCollection.Name)]
public sealed class BadInputTests
{
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(30);

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
        { ["run", "downloads", "--connect-timeout", "0s"], "--connect-timeout" },
        { ["run", "downloads", "--connect-timeout", "soon"], "--connect-timeout" },
        { ["run", "downloads", "--gateway", "127.0.0.1:"], "--gateway" },
        { ["run", "downloads", "--gateway", "not a host:30000"], "--gateway" },
        { ["run", "downloads", "--count", "100000", "--latency", "1s"], "--strategy concurrent" },
        { ["run", "sync", "--files", "0"], "--files" },
        { ["run", "sync", "--files", "10001"], "--files" },
        { ["run", "sync", "--file-size", "0"], "--file-size" },
        { ["run", "sync", "--file-size", "1e6"], "--file-size" },
        { ["run", "sync", "--rounds", "0"], "--rounds" },
        { ["run", "sync", "--files", "1000", "--file-size", "1048576"], "--file-size" },
        { ["run", "sync", "--strategy", "mmap"], "mmap" },
        { ["run", "sync", "--python", "yes"], "yes" },
        { ["advise", "--kind", "cpu", "--concurrency", "4", "--duration", "1s", "--blocking"], "--blocking" },
        { ["advise", "--kind", "io", "--concurrency", "4", "--duration", "1s", "--shared-state"], "--shared-state" },
        { ["run", "cpu", "--jobs", "0"], "--jobs" },
        { ["run", "cpu", "--jobs", "65"], "--jobs" },
        { ["run", "cpu", "--jobs", "four"], "--jobs" },
        { ["run", "cpu", "--terms", "0"], "--terms" },
        { ["run", "cpu", "--terms", "1e8"], "--terms" },
        { ["run", "cpu", "--terms", "1000000000001"], "--terms" },
        { ["run", "cpu", "--terms", "99999999999999999999"], "--terms" },
        { ["run", "cpu", "--kernel", "gpu"], "--kernel" },
        { ["run", "cpu", "--kernel", "1"], "--kernel" },
        { ["run", "cpu", "--items", "10"], "--items" },
        { ["run", "cpu", "--strategy", "stateless-pool"], "stateless-pool" },
        { ["run", "overhead", "--items", "0"], "--items" },
        { ["run", "overhead", "--items", "1000000001"], "--items" },
        { ["run", "overhead", "--work", "-5"], "--work" },
        { ["run", "overhead", "--work", "10000001"], "--work" },
        { ["run", "executors", "--pi-items", "many"], "--pi-items" },
        { ["run", "executors", "--pi-items", "0"], "--pi-items" },
        { ["run", "executors", "--strategy", "stateless-pool"], "stateless-pool" },
        { ["run", "executors", "--jobs", "4"], "--jobs" },
        { ["run", "mixed", "--requests", "0"], "--requests" },
        { ["run", "mixed", "--requests", "many"], "--requests" },
        { ["run", "mixed", "--rate", "0"], "--rate" },
        { ["run", "mixed", "--rate", "1001"], "--rate" },
        { ["run", "mixed", "--requests", "100000", "--rate", "10"], "--requests 100,000" },
        { ["run", "mixed", "--jobs", "64", "--terms", "100000000"], "--jobs 64" },
        { ["run", "free-threading", "--increments", "0"], "--increments" },
        { ["run", "free-threading", "--increments", "1000001"], "--increments" },
        { ["run", "free-threading", "--jobs", "64", "--terms", "100000000"], "--jobs 64" },
        { ["run", "free-threading", "--strategy", "gil"], "gil" },
        { ["run", "coloring", "--requests", "0"], "--requests" },
        { ["run", "coloring", "--latency", "2s"], "--latency" },
        { ["run", "coloring", "--deadlock-timeout", "11s"], "--deadlock-timeout" },
        { ["run", "coloring", "--deadlock-timeout", "forever"], "--deadlock-timeout" },
        { ["run", "coloring", "--requests", "100", "--deadlock-timeout", "10s"], "--requests 100" },
        { ["run", "native", "--kernels", "0"], "--kernels" },
        { ["run", "native", "--terms", "2000000001"], "--terms" },
        { ["run", "native", "--rate", "1001"], "--rate" },
        { ["run", "native", "--kernels", "1000", "--terms", "1000000000"], "--kernels 1000" },
        { ["run", "spawn", "--samples", "2"], "--samples" },
        { ["run", "spawn", "--process-starts", "many"], "--process-starts" },
        { ["run", "spawn", "--strategy", "fork"], "fork" },
        { ["run", "communication", "--largest", "1024"], "--largest" },
        { ["run", "communication", "--largest", "100000000"], "--largest" },
        { ["run", "communication", "--silo-processes", "2"], "--silo-processes" },
        { ["run", "subinterpreters", "--bytes", "100000"], "--bytes" },
        { ["run", "subinterpreters", "--bytes", "1024"], "--bytes 1,024" },
        { ["run", "subinterpreters", "--starts", "0"], "--starts" },
        { ["frobnicate"], "frobnicate" },
        { ["bench", "turbo"], "turbo" },
        { ["run", "downloads", "--clustering", "redis"], "--redis" },
        { ["run", "downloads", "--clustering", "zookeeper"], "--clustering" },
        { ["run", "downloads", "--redis", "127.0.0.1:6379"], "--clustering redis" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--embedded"], "--embedded" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--dashboard"], "--dashboard" },
        { ["run", "blocking", "--grains", "0"], "--grains" },
        { ["run", "blocking", "--grains", "500", "--latency", "1s"], "--grains 500" },
        { ["run", "blocking", "--items", "10"], "--items" },
        { ["run", "overhead", "--grains", "4"], "--grains" },
        { ["run", "async-fetch", "--count", "40", "--latency", "1s"], "--strategy gather,reentrant" },
        { ["advise"], "--kind" },
        { ["advise", "--concurrency", "10", "--duration", "1s"], "--kind" },
        { ["advise", "--kind", "disk", "--concurrency", "10", "--duration", "1s"], "--kind" },
        { ["advise", "--kind", "io", "--duration", "1s"], "--concurrency" },
        { ["advise", "--kind", "io", "--concurrency", "0", "--duration", "1s"], "--concurrency" },
        { ["advise", "--kind", "io", "--concurrency", "10"], "--duration" },
        { ["advise", "--kind", "io", "--concurrency", "10", "--duration", "-1s"], "--duration" },
        { ["advise", "--kind", "io", "--concurrency", "10", "--duration", "0s"], "--duration" },
        { ["advise", "--kind", "io", "--concurrency", "10", "--duration", "1s", "--cpu-duration", "10ms"], "--cpu-duration" },
        { ["advise", "--kind", "cpu", "--concurrency", "10", "--duration", "1s", "--cpu-duration", "10ms"], "--cpu-duration" },
        { ["advise", "--kind", "io", "--concurrency", "5", "--duration", "1m", "--measure"], "--latency 1m" },
        { ["run", "downloads", "--trace", "/no/such/folder/t.json"], "--trace" },
        { ["run", "downloads", "--report", "/tmp"], "--report" },
        { ["run", "downloads", "--report", ""], "--report" },
        { ["run", "downloads", "--trace-limit", "0"], "--trace-limit" },
        { ["run", "downloads", "--trace", "same.json", "--report", "same.json"], "same file" },
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
        { ["run", "downloads", "--latency", "26s"], "--latency" },
        { ["run", "async-fetch", "--latency", "10m"], "--latency" },
        { ["run", "blocking", "--latency", "1m", "--strategy", "await"], "--latency" },
        { ["run", "overhead", "--items", "10000001"], "10,000,000" },
        { ["run", "overhead", "--items", "1000000", "--work", "100000"], "--work" },
        { ["run", "overhead", "--items", "2000000"], "--strategy inline,batched" },
        { ["run", "executors", "--items", "1000000001"], "--items" },
        { ["run", "cpu", "--jobs", "2147483648"], "--jobs" },
        { ["run", "downloads", "--trace-limit", "99999999999"], "--trace-limit" },
        { ["list", "--frobnicate"], "--frobnicate" },
        { ["bench", "nosuch"], "nosuch" },
        { ["bench", "--gateway", "127.0.0.1:30000"], "--gateway" },
        { ["advise", "--kind", "io", "--concurrency", "10", "--duration", "2d"], "--duration" },
        { ["advise", "--kind", "io", "--concurrency", "10000001", "--duration", "1s"], "--concurrency" },
        { ["soak"], "--duration" },
        { ["soak", "--duration", "0s"], "--duration" },
        { ["soak", "--duration", "25h"], "--duration" },
        { ["soak", "--duration", "soon"], "--duration" },
        { ["soak", "--iterations", "0"], "--iterations" },
        { ["soak", "--iterations", "2", "--duration", "1m"], "--iterations" },
        { ["soak", "--duration", "10s", "--gateway", "127.0.0.1:0"], "--gateway" },
        { ["run", "downloads", "--otlp", "collector:4318"], "--otlp" },
        { ["bench", "--otlp", "ftp://127.0.0.1:4318"], "--otlp" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--otlp", "http://127.0.0.1:4318"], "--otlp" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--no-metrics"], "--no-metrics" },
        { ["run", "downloads", "--gateway", "127.0.0.1:30000", "--no-lab"], "--no-lab" },
        { ["bench", "calls", "--metrics-part", "everything"], "--metrics-part" },
        { ["bench", "calls", "--metrics-part", "call-filter", "--no-metrics"], "--metrics-part" },
    };

    /// <summary>The silo program's options, each refused before anything listens.</summary>
    public static TheoryData<string[], string> SiloCases => new()
    {
        { ["--silo-port", "70000"], "--silo-port" },
        { ["--gateway-port", "-1"], "--gateway-port" },
        { ["--dashboard-port", "http"], "--dashboard-port" },
        { ["--silo-port", "99999999999999999999"], "--silo-port" },
        { ["--address", "999.0.0.1"], "--address" },
        { ["--address", "0.0.0.0"], "--dashboard-user" },
        { ["--address", "0.0.0.0", "--dashboard-user", "admin"], "--dashboard-password" },
        { ["--dashboard-password", "secret"], "--dashboard-user" },
        { ["--advertise", "0.0.0.0"], "--advertise" },
        { ["--advertise", "somewhere"], "--advertise" },
        { ["--primary", "nowhere"], "--primary" },
        { ["--primary", "127.0.0.1:0"], "--primary" },
        { ["--clustering", "redis"], "--redis" },
        { ["--clustering", "etcd"], "--clustering" },
        { ["--redis", "127.0.0.1:6379"], "--clustering redis" },
        { ["--clustering", "redis", "--redis", "127.0.0.1:6379", "--primary", "127.0.0.1:11111"], "--primary" },
        { ["--frobnicate"], "--frobnicate" },
        { ["--otlp", "not a url"], "--otlp" },
        { ["--otlp", "file:///tmp/otlp"], "--otlp" },
        { ["--otlp", "127.0.0.1:4318"], "--otlp" },
    };

    /// <summary>The app host's own options (apphost/), each refused before Aspire starts anything.</summary>
    public static TheoryData<string[], string> AppHostCases => new()
    {
        { ["--silos", "0"], "--silos" },
        { ["--silos", "17"], "--silos" },
        { ["--silos", "three"], "--silos" },
        { ["--silos=-1"], "--silos" },
        { ["--silos"], "--silos" },
        { ["--gateway-port", "65535", "--silos", "2"], "--gateway-port" },
        { ["--redis-port", "0"], "--redis-port" },
        { ["--silo-port", "30000"], "--gateway-port" },
        { ["--run", " "], "--run" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gets_one_line_and_exit_code_2(string[] args, string mentioned) =>
        AssertRefused(await InProcessCli.RunAsync(ClientCommandLine.Create(), "client", RefusalTimeout, args), mentioned);

    [Theory]
    [MemberData(nameof(SiloCases))]
    public async Task Bad_silo_input_gets_one_line_and_exit_code_2(string[] args, string mentioned) =>
        AssertRefused(await InProcessCli.RunAsync(SiloCommandLine.Create(), "silo", RefusalTimeout, args), mentioned);

    [Theory]
    [MemberData(nameof(AppHostCases))]
    public void Bad_app_host_input_gets_one_line(string[] args, string mentioned)
    {
        Assert.Null(LabClusterOptions.Parse(args, Environment.GetEnvironmentVariable("PATH"), out var error));
        Assert.Contains(mentioned, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>
    /// A few refusals through the real programs: what the in-process cases cannot see (the process's exit code, its
    /// stderr stream, a stack trace printed by the runtime itself) for a parse error, a refusal from inside a command,
    /// the silo program and the app host.
    /// </summary>
    public static TheoryData<string, string[], string> ProcessCases => new()
    {
        { "client", ["run", "downloads", "--count", "0"], "--count" },
        { "client", ["run", "sync", "--files", "1000", "--file-size", "1048576"], "--file-size" },
        { "client", ["frobnicate"], "frobnicate" },
        { "silo", ["--address", "0.0.0.0"], "--dashboard-user" },
        { "apphost", ["--silos", "17"], "--silos" },
    };

    [Theory]
    [MemberData(nameof(ProcessCases))]
    public async Task Bad_input_to_a_real_program_gets_one_line_and_exit_code_2(string program, string[] args, string mentioned)
    {
        var dll = program switch
        {
            "client" => LabProcess.ClientDll,
            "silo" => LabProcess.SiloDll,
            _ => LabProcess.AppHostDll,
        };
        AssertRefused(await LabProcess.RunAsync(dll, TimeSpan.FromSeconds(60), args), mentioned);
    }

    [Fact]
    public async Task The_app_host_without_redis_server_on_path_says_so_in_one_line()
    {
        // A PATH holding only dotnet: no redis-server anywhere on it.
        var bin = Directory.CreateTempSubdirectory("dotnet-only-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(bin.FullName, "dotnet"), LabProcess.Dotnet);
            var run = await LabProcess.RunAsync(LabProcess.AppHostDll, TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["PATH"] = bin.FullName });

            AssertRefused(run, "redis-server is not on PATH");
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    private static void AssertRefused(ProcessResult run, string mentioned)
    {
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
