using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Concurrency.Client.Results;

namespace Concurrency.Client.Python;

/// <summary>
/// Runs Python twins with the <c>python3</c> found on PATH. Python's figures are measured every run, in a process of
/// their own, and never stand in for the actor figures: a twin that is missing, fails or times out gives a note and no
/// rows, and the experiment's verdict is the same either way.
/// </summary>
public sealed class PythonRunner
{
    public const string Executable = "python3";

    /// <summary>What a run says, once, where there is no python3; each experiment's twin carries it as its note.</summary>
    public const string MissingNote = $"{Executable} is not on PATH, so --python shows no Python figures; the actor experiments run as usual.";

    private readonly string? _python;
    private readonly string _scripts;

    private PythonRunner(string? python, string scripts, string? missing) => (_python, _scripts, Missing) = (python, scripts, missing);

    /// <summary>Why no twin can run (python3 not on PATH), or null when they can.</summary>
    public string? Missing { get; }

    /// <summary>The scripts beside the client, as the build copies them from <c>bench/python/</c>.</summary>
    public static string ScriptsFolder => Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>A runner for the python3 on <paramref name="path"/> (the process's PATH when null); one that only says so where there is none.</summary>
    public static PythonRunner Find(string? path = null)
    {
        var folders = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var python = folders.Select(f => Path.Combine(f, Executable)).FirstOrDefault(File.Exists);
        return new PythonRunner(python, ScriptsFolder, python is null ? MissingNote : null);
    }

    public async Task<PythonComparison> RunAsync(PythonTwin twin, CancellationToken cancellationToken)
    {
        PythonComparison Without(string note) => new(twin.Script, twin.Arguments, twin.Scale, false, [], note);
        if (_python is null)
        {
            return Without(Missing!);
        }

        var start = new ProcessStartInfo(_python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(_scripts, twin.Script));
        foreach (var argument in twin.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(twin.Timeout);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception($"{Executable} did not start");
        }
        catch (Win32Exception e)
        {
            return Without($"{Executable} could not start {twin.Script}: {e.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                var (output, errors) = (await stdout, await stderr);
                return process.ExitCode == 0
                    ? Parse(twin, output)
                    : Without($"{twin.Script} exited with {process.ExitCode}: {LastLine(errors)}");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return Without($"{twin.Script} ran past its {twin.Timeout.TotalSeconds:0} s and was stopped");
            }
        }
    }

    /// <summary>The script's last line: one JSON object whose <c>rows</c> are the figures.</summary>
    public static PythonComparison Parse(PythonTwin twin, string output)
    {
        try
        {
            var line = LastLine(output);
            var rows = JsonSerializer.Deserialize<ScriptOutput>(line, ReportJson.Options)?.Rows;
            return rows is { Count: > 0 } && rows.All(r => r.Name.Length > 0 && double.IsFinite(r.Seconds) && r.Seconds >= 0)
                ? new PythonComparison(twin.Script, twin.Arguments, twin.Scale, true, rows)
                : new PythonComparison(twin.Script, twin.Arguments, twin.Scale, false, [], $"{twin.Script} printed no rows: {line}");
        }
        catch (JsonException e)
        {
            return new PythonComparison(twin.Script, twin.Arguments, twin.Scale, false, [], $"{twin.Script} printed no JSON line ({e.Message})");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private sealed record ScriptOutput(IReadOnlyList<PythonRow>? Rows);
}
