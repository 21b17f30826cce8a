using System.Text.Json;
using Concurrency.Abstractions.Lab;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Orleans.Runtime;

namespace Concurrency.Client.Lab;

/// <summary>
/// Tells every silo's lab page what the run is doing: each strategy as it starts (seen in the progress labels,
/// "experiment/strategy"), each strategy's measured time against its model once it has finished, and each
/// experiment's verdict. It reads results through their JSON (name, strategies' expectedSeconds and measuredSeconds,
/// holds or verdict, complete), the form the report keeps stable, not through their C# shape. The messages go one
/// after another on one chain, in order; a silo that does not answer costs the run nothing but a line in --verbose.
/// </summary>
public sealed class LabFeed(IGrainFactory grains)
{
    private readonly Lock _gate = new();
    private Task _chain = Task.CompletedTask;
    private int _published;

    /// <summary>The running experiment's finished strategies; the runner points it at its context.</summary>
    public Func<IReadOnlyList<StrategyResult>> Finished { get; set; } = () => [];

    /// <summary>Wraps the run's progress sink, to hear each strategy start.</summary>
    public IProgressSink Watch(IProgressSink inner) => new Sink(inner, this);

    public void ExperimentFinished(ExperimentResult result)
    {
        var json = JsonSerializer.SerializeToElement(result, ReportJson.Options);
        var name = json.GetProperty("name").GetString() ?? "?";
        foreach (var strategy in Json(json).Skip(_published))
        {
            Send(lab => lab.StrategyFinished(strategy with { Experiment = name }));
        }

        _published = 0;
        var verdict = Verdict(json);
        var explanation = json.TryGetProperty("explanation", out var e) ? e.GetString() ?? "" : "";
        Send(lab => lab.ExperimentFinished(new LabVerdict(name, verdict, explanation)));
    }

    /// <summary>Waits, a few seconds at most, for what was sent to arrive.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _chain.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void StrategyStarted(string label)
    {
        if (label.Split('/', 2) is not [var experiment, var strategy])
        {
            return;
        }

        var finished = Finished();
        foreach (var done in finished.Skip(_published))
        {
            Send(lab => lab.StrategyFinished(new LabStrategyResult(experiment, done.Name, done.ExpectedSeconds, done.MeasuredSeconds)));
        }

        _published = finished.Count;
        Send(lab => lab.Running(experiment, strategy));
    }

    private static IEnumerable<LabStrategyResult> Json(JsonElement result) =>
        result.TryGetProperty("strategies", out var strategies) && strategies.ValueKind == JsonValueKind.Array
            ? strategies.EnumerateArray().Select(s => new LabStrategyResult(
                "",
                s.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?",
                s.TryGetProperty("expectedSeconds", out var x) && x.ValueKind == JsonValueKind.Number ? x.GetDouble() : null,
                s.TryGetProperty("measuredSeconds", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetDouble() : 0))
            : [];

    /// <summary>The verdict in words: the result's own "verdict" where it has one, else holds / does not hold.</summary>
    private static string Verdict(JsonElement result)
    {
        if (result.TryGetProperty("complete", out var complete) && complete.ValueKind == JsonValueKind.False)
        {
            return "not finished";
        }

        if (result.TryGetProperty("verdict", out var verdict) && verdict.ValueKind == JsonValueKind.String)
        {
            return verdict.GetString()!.Replace('-', ' ').ToUpperInvariant();
        }

        return result.TryGetProperty("holds", out var holds) && holds.ValueKind == JsonValueKind.True ? "HOLDS" : "DOES NOT HOLD";
    }

    private void Send(Func<ILabGrain, ValueTask> message)
    {
        lock (_gate)
        {
            _chain = SendAfterAsync(_chain, message);
        }
    }

    private async Task SendAfterAsync(Task previous, Func<ILabGrain, ValueTask> message)
    {
        // Outside the run's request context (this async method's change does not reach the caller): the news is not
        // part of a --trace run's calls.
        RequestContext.Clear();
        await previous;
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            await Task.WhenAll(hosts.Keys.Select(silo => message(grains.GetGrain<ILabGrain>(silo.ToParsableString())).AsTask()));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The lab page is a window on the run, never a part of it: a silo that cannot take the news is left out.
        }
    }

    private sealed class Sink(IProgressSink inner, LabFeed feed) : IProgressSink
    {
        public IProgressTask Start(string label, long total)
        {
            feed.StrategyStarted(label);
            return inner.Start(label, total);
        }
    }
}
