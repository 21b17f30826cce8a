using System.Diagnostics;
using System.Text;

namespace Concurrency.Tests.Infrastructure;

/// <summary>Runs the client or silo program as a real process, from the build output next to this test's.</summary>
public static class LabProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release: the programs are built with the same configuration as the tests.</summary>
    private static string Configuration { get; } =
        Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!)!;

    public static string ClientDll => Program("client", "Concurrency.Client");

    public static string SiloDll => Program("silo", "Concurrency.Silo");

    public static async Task<ProcessResult> RunClientAsync(TimeSpan timeout, params string[] args)
    {
        using var process = Start(ClientDll, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"client {string.Join(' ', args)} did not finish within {timeout}; stderr: {await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string dll, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
    }

    private static string Program(string folder, string name)
    {
        var path = Path.Combine(RepositoryRoot, folder, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build {folder} first: {path} is missing");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Concurrency.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Concurrency.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);
