using System.Diagnostics;
using System.Net;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// A silo program running as a process of its own on free loopback ports, without a dashboard: a worker with its own
/// runtime, heap and scheduler, reached only by messages over TCP. Killed on dispose.
/// </summary>
public sealed class SiloChild : IAsyncDisposable
{
    /// <summary>How long a silo process may take to say it is ready.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private SiloChild(Process process, IPEndPoint siloEndpoint)
    {
        _process = process;
        SiloEndpoint = siloEndpoint;
    }

    public IPEndPoint SiloEndpoint { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts the silo program and returns once it prints its ready line (it has joined <paramref name="primary"/>'s cluster, if given).</summary>
    public static async Task<SiloChild> StartAsync(IPEndPoint? primary, CancellationToken cancellationToken)
    {
        if (SiloProgram.Missing is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] args = [SiloProgram.Dll, "--silo-port", "0", "--gateway-port", "0", "--dashboard-port", "0", "--no-dashboard"];
        foreach (var arg in primary is null ? args : [.. args, "--primary", $"{primary}"])
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {SiloProgram.Dll}");

        // Its warnings are its own business; unread, a full stderr pipe would stall it.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadyTimeout);
            var ready = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (ready is null || !ready.StartsWith("Silo ready", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the silo process did not start: it said \"{ready}\" (exit code {(process.HasExited ? process.ExitCode : "none yet")})");
            }

            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            return new SiloChild(process, SiloEndpointOf(ready));
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    /// <summary>The silo endpoint from the ready line: "Silo ready: gateway G, silo S, sites U. ...".</summary>
    private static IPEndPoint SiloEndpointOf(string ready)
    {
        const string Marker = ", silo ";
        var start = ready.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        var end = ready.IndexOf(',', start);
        return start < Marker.Length || end < 0 || !IPEndPoint.TryParse(ready[start..end], out var endpoint)
            ? throw new InvalidOperationException($"the silo process's ready line names no silo endpoint: {ready}")
            : endpoint;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }
}
