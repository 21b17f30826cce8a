using System.Diagnostics;
using System.Text.Json;
using Concurrency.Hosting.Security;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// A TLS cluster of two silo processes sharing one certificate: a client with it completes a run across both silos;
/// a plain client is refused with one line; a silo holding a certificate of its own (not the cluster's) cannot join.
/// </summary>
[Trait("Category", "Slow")]
public sealed class TlsClusterTests : IDisposable
{
    /// <summary>The plain client's connect timeout, which its refusal must come well inside.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMinutes(2);

    private readonly string _folder = Directory.CreateTempSubdirectory("concurrency-lab-tls-test-").FullName;

    [Fact]
    public async Task Only_holders_of_the_cluster_certificate_get_in()
    {
        var cert = LabTls.CreateDevelopment(_folder);
        await using var primary = await SiloProcess.StartAsync("--tls", "--cert", cert, "--no-dashboard");
        Assert.Contains("TLS", primary.ReadyLine);
        await using var second = await SiloProcess.StartAsync("--tls", "--cert", cert, "--no-dashboard", "--primary", $"127.0.0.1:{primary.SiloPort}");

        var run = await LabProcess.RunClientAsync(TimeSpan.FromSeconds(180),
            "run", "cpu", "--gateway", primary.Gateway, "--tls", "--cert", cert, "--jobs", "4", "--terms", "2000000", "--strategy", "cluster", "--json");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        using (var json = JsonDocument.Parse(run.Stdout))
        {
            Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
            var cluster = Assert.Single(Assert.Single(json.RootElement.GetProperty("experiments").EnumerateArray()).GetProperty("strategies").EnumerateArray());
            Assert.Equal(2, cluster.GetProperty("metrics").GetProperty("cluster").GetProperty("silos").GetInt32());
            Assert.True(cluster.GetProperty("metrics").GetProperty("sameAsLocalRun").GetBoolean());
        }

        // Refused within a fraction of the connect timeout: the client asks the gateway whether it speaks TLS rather
        // than retrying the Orleans handshake until the timeout. A long timeout (2 minutes) keeps the fraction clear of
        // the process's own start on a loaded machine (11 s seen in CI), while a client that waited it out fails.
        var plainStarted = Stopwatch.GetTimestamp();
        var plain = await LabProcess.RunClientAsync(
            ConnectTimeout + TimeSpan.FromSeconds(60), "run", "cpu", "--gateway", primary.Gateway, "--jobs", "1", "--terms", "1000", "--strategy", "cluster", "--connect-timeout", "2m");
        var refusedAfter = Stopwatch.GetElapsedTime(plainStarted);
        Assert.Equal(2, plain.ExitCode);
        var line = Assert.Single(plain.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("could not join the cluster", line);
        Assert.Contains("speaks TLS", line);
        Assert.Contains("--tls", line);
        Assert.True(refusedAfter < ConnectTimeout / 3,
            $"the plain client was refused after {refusedAfter.TotalSeconds:0.#} s, not well under its {ConnectTimeout.TotalSeconds:0} s connect timeout: {line}");

        // A silo with TLS and a certificate of its own: the primary is reached, its certificate is not the outsider's, so no join.
        var own = LabTls.CreateDevelopment(Directory.CreateTempSubdirectory("concurrency-lab-tls-outsider-").FullName);
        await AssertCannotJoinAsync(primary, "--tls", "--cert", own);
    }

    private static async Task AssertCannotJoinAsync(SiloProcess primary, params string[] tls)
    {
        var rejected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = false;
        string[] args = ["--silo-port", "0", "--gateway-port", "0", "--dashboard-port", "0",
            "--no-dashboard", "--primary", $"127.0.0.1:{primary.SiloPort}", .. tls];
        using var outsider = LabProcess.Start(LabProcess.SiloDll, args);
        outsider.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("certificate was rejected", StringComparison.Ordinal) == true)
            {
                rejected.TrySetResult();
            }
        };
        outsider.OutputDataReceived += (_, e) => ready |= e.Data?.StartsWith("Silo ready", StringComparison.Ordinal) == true;
        outsider.BeginErrorReadLine();
        outsider.BeginOutputReadLine();
        try
        {
            await rejected.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(ready, "the outsider silo started, so it joined the cluster");
        }
        finally
        {
            outsider.Kill(entireProcessTree: true);
            await outsider.WaitForExitAsync();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
