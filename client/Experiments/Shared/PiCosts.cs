using System.Text.Json.Serialization;
using Concurrency.Abstractions;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the pi experiments measure before any grain runs: T1, one job crunched here in the caller with the very
/// chunks the grains get, and the pi it returned, which every strategy must match to the last bit. Where the
/// strategies compare parallel speed, also <see cref="FreeCores"/>: how many cores' worth of crunching this machine
/// really gives at once, which a busy neighbour, a CPU quota or <c>taskset</c> makes fewer than the cores it has.
/// </summary>
public sealed record PiCosts(double T1Seconds, [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double LocalPi, double? FreeCores = null) : MeasuredCosts
{
    /// <summary>
    /// The fastest of <see cref="Measure.Repeats"/> local runs, so the start-up of the process (the JIT, an embedded
    /// silo) is not counted as crunching.
    /// </summary>
    public static async Task<PiCosts> MeasureAsync(PiJob job, CancellationToken cancellationToken)
    {
        var (pi, seconds) = await Measure.FastestAsync(() => RunLocally(job, cancellationToken));
        return new PiCosts(seconds, pi);
    }

    /// <summary>
    /// How long one crunch of the free-cores reading takes on one core: long against the scheduler's time slice (a few
    /// milliseconds), so a slice lost or won is a small share of it, and short against a job, so reading the cores
    /// costs a round a fraction of a second rather than three jobs' time. The cores' worth is a ratio of two crunches
    /// of the same size, so it does not depend on the size chosen.
    /// </summary>
    public static readonly TimeSpan ProbeTime = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// T1, then the cores' worth the machine gives (<see cref="FreeCoresNowAsync"/>), between 1 and the cores there
    /// are.
    /// </summary>
    public static async Task<PiCosts> MeasureWithFreeCoresAsync(PiJob job, CancellationToken cancellationToken)
    {
        var costs = await MeasureAsync(job, cancellationToken);
        return costs with { FreeCores = await FreeCoresNowAsync(job, costs.T1Seconds, cancellationToken) };
    }

    /// <summary>
    /// The cores' worth the machine gave straight after a pool's round (untimed as the strategy), as
    /// <see cref="FreeCoresNowAsync"/> reads it, where every silo of <paramref name="shape"/> is on this machine; null
    /// where some are not, since silos elsewhere have cores this one cannot measure.
    /// </summary>
    public static async Task<double?> FreeCoresAfterAsync(ClusterShape shape, PiJob job, double t1Seconds, CancellationToken cancellationToken) =>
        shape.Machines == 1 ? await FreeCoresNowAsync(job, t1Seconds, cancellationToken) : null;

    /// <summary>
    /// The cores' worth the machine gives now: one probe alone, then one on each core at once, the faster of two. A
    /// pool strategy's round takes it straight after the pool ran, so a neighbour that came or went since the costs
    /// were measured moves that round's model with it rather than failing a claim that holds (or passing one that
    /// does not). Two tries of the cores together, not one: a runtime hiccup on one core (a collection, a recompiled
    /// loop) slows the run that needs every core, and alone it would read as a neighbour. The probe is the job's
    /// own kernel cut to <see cref="ProbeTime"/> (<see cref="Probe"/>).
    /// </summary>
    public static async Task<double> FreeCoresNowAsync(PiJob job, double t1Seconds, CancellationToken cancellationToken)
    {
        var cores = Environment.ProcessorCount;
        if (cores == 1)
        {
            return 1;
        }

        var probe = Probe(job, t1Seconds);
        var (_, alone) = await Measure.SecondsAsync(() => RunLocally(probe, cancellationToken));
        var (_, first) = await Measure.SecondsAsync(() => OnEveryCoreAsync(probe, cores, cancellationToken));
        var (_, second) = await Measure.SecondsAsync(() => OnEveryCoreAsync(probe, cores, cancellationToken));
        return FreeOf(cores, alone, Math.Min(first, second));
    }

    /// <summary>
    /// The crunch the free-cores reading times: <paramref name="job"/> itself where one job takes no longer than
    /// <see cref="ProbeTime"/> (<paramref name="t1Seconds"/>), else its first terms, as many as take about that long.
    /// </summary>
    public static PiJob Probe(PiJob job, double t1Seconds)
    {
        if (t1Seconds <= ProbeTime.TotalSeconds)
        {
            return job;
        }

        var terms = Math.Max(1, (long)(job.Terms * ProbeTime.TotalSeconds / t1Seconds));
        return job with { Terms = terms, ChunkTerms = Math.Min(job.ChunkTerms, terms) };
    }

    private static double FreeOf(int cores, double alone, double together) => Math.Clamp(cores * alone / together, 1, cores);

    private static Task<double[]> OnEveryCoreAsync(PiJob job, int cores, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, cores).Select(_ =>
            Task.Factory.StartNew(() => RunLocally(job, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

    /// <summary>The cores a pool of <paramref name="cores"/> can really use: no more than the machine gave when measured.</summary>
    public double Usable(int cores) => FreeCores is { } free ? Math.Min(cores, free) : cores;

    /// <summary>One job crunched here in the caller, as T1 is: the same chunks, one after another, on this thread.</summary>
    public static Task<double> RunLocally(PiJob job, CancellationToken cancellationToken) =>
        job.RunAsync((chunk, _) => ValueTask.FromResult(LeibnizKernel.Sum(chunk)), cancellationToken: cancellationToken);
}
