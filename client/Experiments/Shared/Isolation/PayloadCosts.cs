namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// What the payload experiments (communication, subinterpreters) measure before their strategies: the rig of silos
/// the paths run through, kept for the strategies and not written out, and each path rehearsed at the sizes it will
/// be timed at; why there is no silo process, where there is none; and where on this machine a copy's cost a byte
/// changes (<see cref="CopySegments"/>: the large-object threshold and the core's cache, read from the machine).
/// </summary>
public sealed record PayloadCosts(IReadOnlyList<PathRehearsal> Rehearsals, string? SiloProcessMissing, CopySegments Segments) : Results.MeasuredCosts
{
    /// <summary>Why a silo process is not there when the settings skip it: said the same way by both experiments.</summary>
    public const string SkippedProcess = "--silo-processes 0 (--quick skips it: a silo process takes seconds to start)";

    /// <summary>Why <paramref name="path"/> is left out: the silo-process path without a silo process (<c>--silo-processes 0</c>, as <c>--quick</c> does).</summary>
    public static string? Skipped(PayloadPath path, bool siloProcess) => path == PayloadPath.SiloProcess && !siloProcess ? SkippedProcess : null;

    [System.Text.Json.Serialization.JsonIgnore]
    public SiloRig? Rig { get; init; }

    public PathRehearsal? Of(PayloadPath path) => Rehearsals.FirstOrDefault(r => r.Path == path);

    /// <summary>Starts the rig (a silo process only when asked), then rehearses every path the rig has at <paramref name="sizes"/>.</summary>
    public static async Task<PayloadCosts> MeasureAsync(bool siloProcess, IEnumerable<PayloadPath> paths, IReadOnlyList<long> sizes, CancellationToken cancellationToken)
    {
        var rig = await SiloRig.StartAsync(neighbour: true, child: siloProcess, cancellationToken);
        try
        {
            var rehearsals = new List<PathRehearsal>();
            foreach (var path in paths.Where(rig.Has))
            {
                rehearsals.Add(await PayloadTimer.RehearseAsync(rig, path, sizes, cancellationToken));
            }

            var missing = rig.Has(PayloadPath.SiloProcess) ? null : siloProcess ? rig.ChildMissing : SkippedProcess;
            return new PayloadCosts(rehearsals, missing, CopySegments.ThisMachine) { Rig = rig };
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public async ValueTask ReleaseAsync()
    {
        if (Rig is { } rig)
        {
            await rig.DisposeAsync();
        }
    }
}
