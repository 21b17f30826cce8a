namespace Concurrency.Grains.Lab;

/// <summary>
/// Whether this silo keeps a live feed for the lab page at all. Off (the silo's and the client's <c>--no-lab</c>), the
/// silo serves no /lab, a sample never opens a watch lease, and <see cref="LabLive.Watching"/> is a read-only field:
/// the grain call path reads no lease and no clock for the page.
/// </summary>
public sealed class LabLiveOptions
{
    public bool Enabled { get; set; } = true;
}
