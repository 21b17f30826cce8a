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

    public static string AppHostDll => Program("apphost", "Concurrency.AppHost");

    /// <summary>The dotnet this PATH finds first.</summary>
    public static string Dotnet =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(f => Path.Combine(f, "dotnet")).First(File.Exists);

    public static Task<ProcessResult> RunClientAsync(TimeSpan timeout, params string[] args) => RunAsync(ClientDll, timeout, args);

    public static Task<ProcessResult> RunSiloAsync(TimeSpan timeout, params string[] args) => RunAsync(SiloDll, timeout, args);

    public static Task<ProcessResult> RunAppHostAsync(TimeSpan timeout, params string[] args) => RunAsync(AppHostDll, timeout, args);

    public static Task<ProcessResult> RunAsync(string dll, TimeSpan timeout, params string[] args) => RunAsync(dll, timeout, null, args);

    /// <summary>Runs <paramref name="dll"/> with <paramref name="environment"/> set over this process's (a PATH without python3).</summary>
    public static async Task<ProcessResult> RunAsync(string dll, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(dll, args, environment);
        return await CollectAsync(process, $"{Path.GetFileNameWithoutExtension(dll)} {string.Join(' ', args)}", timeout);
    }

    /// <summary>Runs a program that is not one of the lab's (no dotnet in front of it), to its end.</summary>
    public static async Task<ProcessResult> RunExecutableAsync(string executable, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        return await CollectAsync(process, $"{executable} {string.Join(' ', args)}", timeout);
    }

    private static async Task<ProcessResult> CollectAsync(Process process, string what, TimeSpan timeout)
    {
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
            throw new TimeoutException($"{what} did not finish within {timeout}; stderr: {await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public static void Interrupt(Process process) => Signal(process, "-INT");

    /// <summary>Sends SIGTERM, as `kill` and service managers do.</summary>
    public static void Terminate(Process process) => Signal(process, "-TERM");

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>CPU seconds (user + system) the process has used so far, from /proc: works for any process, not just .NET's view of itself.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

        // Fields 14 and 15 of stat (utime, stime), counted from the state field (3), in clock ticks of 1/100 s.
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// Starts the program as a terminal would. A shell that starts a job in the background (a CI script, `dotnet test &amp;`)
    /// sets SIGINT to ignored, every process below inherits that, and .NET then keeps it ignored: Ctrl+C could not
    /// reach the program. `env --default-signal=INT` gives the program the default disposition a foreground program
    /// has, and then execs it, so the process id is the program's own.
    /// </summary>
    public static Process Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add("--default-signal=INT");
        info.ArgumentList.Add("dotnet");
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
