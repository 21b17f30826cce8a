using System.Diagnostics;

namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// A silo program running as its own process, on ports the OS picks as the silo binds them (port 0), read back from
/// its ready line: a port picked free beforehand could be taken (by another test's outgoing connection) before the
/// silo binds it. Killed on dispose, even if a test fails.
/// </summary>
public sealed partial class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr;

    private SiloProcess(Process process, System.Text.StringBuilder stderr, int siloPort, int gatewayPort, int httpPort, string readyLine)
    {
        _process = process;
        _stderr = stderr;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
        ReadyLine = readyLine;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public string ReadyLine { get; }

    public string Gateway => $"127.0.0.1:{GatewayPort}";

    public int Pid => _process.Id;

    public Process Process => _process;

    /// <summary>What the silo has written to stderr so far (its warnings and errors).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(params string[] extraArgs)
    {
        string[] args = ["--silo-port", "0", "--gateway-port", "0", "--dashboard-port", "0", .. extraArgs];
        var process = LabProcess.Start(LabProcess.SiloDll, args);
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();

        string? ready;
        try
        {
            ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            ready = null;
        }

        if (ready is null || !ready.StartsWith("Silo ready", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (stderr)
            {
                throw new InvalidOperationException($"the silo did not start: {ready}; stderr: {stderr}");
            }
        }

        _ = process.StandardOutput.ReadToEndAsync();
        var ports = ReadyPorts().Match(ready);
        if (!ports.Success)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the silo's ready line names no ports: {ready}");
        }

        int Port(string group) => int.Parse(ports.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        return new SiloProcess(process, stderr, Port("silo"), Port("gateway"), Port("http"), ready);
    }

    /// <summary>Stops the silo gracefully, as `kill` or a service manager does (SIGTERM), and waits for it to exit.</summary>
    public async Task StopGracefullyAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(deadline.Token);
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

    [System.Text.RegularExpressions.GeneratedRegex(@"gateway \S+?:(?<gateway>\d+), silo \S+?:(?<silo>\d+).*sites https?://[^/]+:(?<http>\d+)/")]
    private static partial System.Text.RegularExpressions.Regex ReadyPorts();
}
