using System.Diagnostics;
using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;
using Concurrency.Client.Cluster;
using Concurrency.Client.Experiments;
using Concurrency.Client.Output;
using Concurrency.Client.Results;
using Orleans.Runtime;

namespace Concurrency.Client.Lab;

/// <summary>
/// Tells every silo's lab page what the run is doing, as the run's observer: each strategy as it starts, its
/// measured time against its model each time it finishes a round, each experiment's verdict (holds, does not hold,
/// not judged with its reason, or not finished), and each silo that membership declares dead while a strategy
/// resends its work. The messages go one after another on one chain, in order; a silo that does not answer costs the
/// run nothing but a line in --verbose.
/// </summary>
public sealed class LabFeed(IGrainFactory grains) : IRunObserver
{
    private readonly Lock _gate = new();
    private Task _chain = Task.CompletedTask;
    private long _arrived = Stopwatch.GetTimestamp();
    private string _running = "";

    /// <summary>Wraps the run's cluster observer, to hear each silo a strategy's roster sees leave.</summary>
    public IClusterObserver Observe(IClusterObserver? inner) => new LossObserver(inner, this);

    private void SiloLost(string silo)
    {
        var loss = new LabSiloLoss(silo, TraceClock.NowMicroseconds(), Volatile.Read(ref _running));
        Send(lab => lab.SiloLost(loss));
    }

    public void StrategyStarted(string experiment, IStrategy strategy)
    {
        Volatile.Write(ref _running, $"{experiment}/{strategy.Name}");
        Send(lab => lab.Running(experiment, strategy.Name));
    }

    public void StrategyFinished(string experiment, StrategyResult result) =>
        Send(lab => lab.StrategyFinished(new LabStrategyResult(experiment, result.Name, result.ExpectedSeconds, result.MeasuredSeconds)));

    public void ExperimentFinished(ExperimentResult result) =>
        Send(lab => lab.ExperimentFinished(new LabVerdict(result.Name, Verdict(result), result.Explanation)));

    /// <summary>
    /// Waits for what was sent to arrive: as long as messages keep arriving, up to <see cref="FlushAtMost"/>, but no
    /// more than <see cref="FlushStalled"/> after the last one did. A silo whose pool threads a strategy held (the
    /// blocking experiment) takes its queued news late, and its page would keep showing the run as running; a silo
    /// that answers nothing holds the client's exit for a few seconds only.
    /// </summary>
    public async Task FlushAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task chain;
            lock (_gate)
            {
                chain = _chain;
            }

            var sinceArrival = Stopwatch.GetElapsedTime(Math.Max(Volatile.Read(ref _arrived), started));
            var left = Min(FlushStalled - sinceArrival, FlushAtMost - Stopwatch.GetElapsedTime(started));
            if (chain.IsCompleted || left <= TimeSpan.Zero)
            {
                return;
            }

            // Wakes when the chain ends or the stall limit passes; a message that arrives meanwhile moves that limit.
            await Task.WhenAny(chain, Task.Delay(left));
        }
    }

    /// <summary>The longest a client waits at its end for the pages' news to arrive.</summary>
    public static readonly TimeSpan FlushAtMost = TimeSpan.FromSeconds(30);

    /// <summary>How long after the last message arrived a client stops waiting for the next.</summary>
    public static readonly TimeSpan FlushStalled = TimeSpan.FromSeconds(5);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The verdict in words, as the terminal says it.</summary>
    private static string Verdict(ExperimentResult result) => result switch
    {
        { Complete: false } => "NOT FINISHED",
        { Verdict.State: VerdictState.Holds } => "HOLDS",
        { Verdict.State: VerdictState.NotJudged } => $"NOT JUDGED ({result.Verdict.NotJudgedReason})",
        _ => "DOES NOT HOLD",
    };

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
        finally
        {
            Volatile.Write(ref _arrived, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Passes every cluster event on to <paramref name="inner"/>, and tells the page of each silo that left.</summary>
    private sealed class LossObserver(IClusterObserver? inner, LabFeed feed) : IClusterObserver
    {
        public ValueTask EnteringAsync(ClusterPhase phase, IReadOnlyList<string> silos, CancellationToken cancellationToken) =>
            inner?.EnteringAsync(phase, silos, cancellationToken) ?? ValueTask.CompletedTask;

        public void RosterStarted() => inner?.RosterStarted();

        public void Ready(IReadOnlyList<string> silos) => inner?.Ready(silos);

        public void RosterStopped() => inner?.RosterStopped();

        public void Left(string silo)
        {
            feed.SiloLost(silo);
            inner?.Left(silo);
        }

        public void Dropped(string silo) => inner?.Dropped(silo);

        public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) =>
            inner?.SendingAsync(key, roster, cancellationToken) ?? ValueTask.CompletedTask;

        public void Sent(WorkKey key, string? silo) => inner?.Sent(key, silo);

        public ValueTask SendingToGrainAsync(WorkKey key, GrainId grain, CancellationToken cancellationToken) =>
            inner?.SendingToGrainAsync(key, grain, cancellationToken) ?? ValueTask.CompletedTask;
    }
}
