using System.Diagnostics;

namespace Concurrency.Client.Bench;

/// <summary>
/// How long a user waits for a first answer: the client program started fresh, embedding a silo, running three
/// 100 ms downloads both ways, and exiting. Measured on the built program (dotnet Concurrency.Client.dll); `dotnet run`
/// adds its own up-to-date check on top, see BENCHMARKS.md.
/// </summary>
public sealed class ColdStartBench : IBench
{
    public string Name => "cold-start";

    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var runs = context.Quick ? 1 : 3;
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            times.Add(await RunOnceAsync(cancellationToken));
        }

        times.Sort();
        return
        [
            new BenchFigure("cold-start-wall", times[times.Count / 2], "s", 3.0, TargetDirection.AtMost,
                $"median of {runs} fresh processes: dotnet Concurrency.Client.dll run downloads --count 3 --latency 100ms --embedded",
                new RunsDetails(times)),
        ];
    }

    private static async Task<double> RunOnceAsync(CancellationToken cancellationToken)
    {
        var self = typeof(ColdStartBench).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { self, "run", "downloads", "--count", "3", "--latency", "100ms", "--embedded", "--json" })
        {
            info.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the client");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the cold-start run failed with exit code {process.ExitCode}: {(await stderr).Trim()}");
        }

        return seconds;
    }
}
