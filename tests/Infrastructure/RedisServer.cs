using System.Diagnostics;
using System.Net;

namespace Concurrency.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, for tests of Redis cluster membership. Killed on dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, IPEndPoint endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Where redis-server is installed, or null where it is not.</summary>
    public static string? Executable { get; } = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public const string NotInstalled = "redis-server is not installed: .ci/run installs it (apt-get install -y redis-server).";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(NotInstalled);
        var port = FreeTcpPort.Pick();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--bind", "127.0.0.1", "--port", $"{port}", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start redis-server");
        var server = new RedisServer(process, new IPEndPoint(IPAddress.Loopback, port));

        // redis-server says when it accepts connections; wait for that line rather than for a fixed time.
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync();
                return server;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                break;
            }
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"redis-server did not become ready on port {port}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
