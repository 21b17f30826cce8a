using Concurrency.Abstractions.Lab;
using Concurrency.Abstractions.Tracing;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// One push to the lab page: every silo's sample and the run's state. Calls are cut to what a lane needs: the lane's
/// key, its grain's role (what names the lane), the grain behind it (for the tooltip), the call's span and its segments as [start µs, end µs, state] (a <see cref="CallState"/>:
/// 0 awaiting, 1 turn, 2 pool work, 3 queued for the activation), the same segments the trace and the report draw.
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

public sealed record LabTickCall(string Lane, string Role, int LaneOnActivation, string Name, string Method, long Start, long End, IReadOnlyList<long[]> Segments, int OmittedTurns)
{
    public static LabTickCall From(GrainCallRecord c) => new(
        $"{c.Activation}/{c.Lane}",
        c.Role is { Length: > 0 } role ? role : c.GrainType,
        c.Lane,
        $"{c.GrainType} {c.GrainKey} {c.Activation}",
        c.Method,
        c.StartMicroseconds,
        c.EndMicroseconds,
        [.. c.Segments().Select(s => new[] { s.StartMicroseconds, s.EndMicroseconds, (long)s.State })],
        c.OmittedTurns);
}
