namespace Concurrency.Grains.Lab;

/// <summary>
/// Whether this silo keeps a live feed for the lab page at all. Off (the silo's and the client's <c>--no-lab</c>), the
/// silo serves no /lab and a sample never opens a watch lease, so <see cref="LabLive.Watching"/> stays false and the
/// trace filter records nothing for a page.
/// </summary>
public sealed class LabLiveOptions
{
    public bool Enabled { get; set; } = true;
}
