using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// One push to the lab page: every silo's sample and the run's state. Calls are cut to what a lane needs: the lane's
/// key and name, the call's span and its turns as [start, end, 1 if it held the activation else 0], in µs.
/// </summary>
public sealed record LabTick(long At, IReadOnlyList<LabTickSilo> Silos, LabRun Run, IReadOnlyList<string> Errors)
{
    public static LabTick From(long at, IReadOnlyList<LabSample> samples, LabRun run, IReadOnlyList<string> errors) =>
        new(at, [.. samples.Select(LabTickSilo.From)], run, errors);
}

public sealed record LabTickSilo(
    string Silo, int Threads, long Queued, double CoresBusy, int Cores, int RunningCrunches,
    IReadOnlyList<LabTickCall> Calls, IReadOnlyList<LabTickCall> InFlight, long CallsLeftOut, long InFlightLeftOut)
{
    public static LabTickSilo From(LabSample s) => new(
        s.Silo, s.Threads, s.QueuedWorkItems, s.CoresBusy, s.Cores, s.RunningCrunches,
        [.. s.Calls.Select(LabTickCall.From)], [.. s.InFlight.Select(LabTickCall.From)], s.CallsLeftOut, s.InFlightLeftOut);
}

public sealed record LabTickCall(string Lane, string Name, string Method, long Start, long End, IReadOnlyList<long[]> Turns, int OmittedTurns)
{
    public static LabTickCall From(GrainCallRecord c) => new(
        $"{c.Activation}/{c.Lane}",
        $"{c.GrainType} {c.GrainKey}" + (c.Lane > 0 ? $" lane {c.Lane}" : ""),
        c.Method,
        c.StartMicroseconds,
        c.EndMicroseconds,
        [.. c.Turns.Select(t => new[] { t.StartMicroseconds, t.EndMicroseconds, t.HoldsActivation ? 1L : 0L })],
        c.OmittedTurns);
}
