using System.Text.Json;
using Concurrency.Client.Python;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>--python: the twins run the article's code beside the actors, and without python3 the run says so once and goes on.</summary>
[Trait("Category", "Slow")]
public sealed class PythonTwinTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void A_script_line_becomes_typed_rows_and_anything_else_a_note()
    {
        var twin = new PythonTwin("x.py", ["1"], "scale");

        var parsed = PythonRunner.Parse(twin, "noise\n{\"figure\":\"f\",\"rows\":[{\"name\":\"Pool(4).map\",\"seconds\":0.25,\"size\":\"4 jobs\",\"perItemMicroseconds\":12.5}]}\n");

        Assert.True(parsed.Available);
        var row = Assert.Single(parsed.Rows);
        Assert.Equal(("Pool(4).map", 0.25, "4 jobs", 12.5), (row.Name, row.Seconds, row.Size, row.PerItemMicroseconds!.Value));
        Assert.False(PythonRunner.Parse(twin, "Traceback (most recent call last):").Available);
        Assert.False(PythonRunner.Parse(twin, "{\"rows\":[]}").Available);
    }

    [Fact]
    public void Without_python3_on_the_path_the_runner_says_so()
    {
        var empty = Directory.CreateTempSubdirectory("no-python-").FullName;
        try
        {
            Assert.Equal(PythonRunner.MissingNote, PythonRunner.Find(empty).Missing);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [SkippableFact]
    public async Task With_python3_the_sync_run_shows_pythons_rows_measured_now()
    {
        Skip.If(PythonRunner.Find().Missing is not null, "python3 is not on PATH");

        var run = await LabProcess.RunClientAsync(Timeout, "run", "sync", "--quick", "--embedded", "--python", "--json");

        Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");
        using var json = JsonDocument.Parse(run.Stdout);
        var python = json.RootElement.GetProperty("experiments")[0].GetProperty("python");
        Assert.True(python.GetProperty("available").GetBoolean(), python.ToString());
        Assert.Equal("sync_files.py", python.GetProperty("script").GetString());
        var rows = python.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["open().read() in a loop", "ThreadPoolExecutor(4).map"], rows.Select(r => r.GetProperty("name").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("seconds").GetDouble() > 0));
    }

    [Fact]
    public async Task Without_python3_the_run_says_so_in_one_line_and_the_rest_runs()
    {
        // A PATH holding only dotnet: no python3 anywhere on it.
        var bin = Directory.CreateTempSubdirectory("dotnet-only-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), LabProcess.Dotnet);
            var run = await LabProcess.RunAsync(LabProcess.ClientDll, Timeout, new Dictionary<string, string> { ["PATH"] = bin }, "run", "sync", "--quick", "--embedded", "--python", "--json");

            Assert.True(run.ExitCode is 0 or 1, $"exit {run.ExitCode}: {run.Stderr}");
            Assert.Single(run.Stderr.Split('\n'), l => l.Contains("python3 is not on PATH", StringComparison.Ordinal));
            using var json = JsonDocument.Parse(run.Stdout);
            var experiment = json.RootElement.GetProperty("experiments")[0];
            Assert.Equal(3, experiment.GetProperty("strategies").GetArrayLength());
            var python = experiment.GetProperty("python");
            Assert.False(python.GetProperty("available").GetBoolean());
            Assert.Equal(0, python.GetProperty("rows").GetArrayLength());
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_option_no_twin_runs()
    {
        var run = await LabProcess.RunClientAsync(Timeout, "run", "sync", "--quick", "--embedded", "--json", "--rounds", "5");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("experiments")[0].GetProperty("python").ValueKind);
    }
}
