namespace Concurrency.Abstractions;

/// <summary>Folds download results into a <see cref="DownloadSummary"/> without keeping them.</summary>
public sealed class DownloadSummaryBuilder
{
    private readonly Dictionary<string, int> _failureReasons = [];
    private int _requested;
    private int _succeeded;
    private long _bytes;
    private long _attempts;
    private TimeSpan _fastest = TimeSpan.MaxValue;
    private TimeSpan _slowest = TimeSpan.Zero;

    public void Add(DownloadResult result)
    {
        _requested++;
        _attempts += result.Attempts;
        _bytes += result.Bytes;
        if (result.Succeeded)
        {
            _succeeded++;
        }
        else
        {
            var reason = result.Error ?? "unknown";
            _failureReasons[reason] = _failureReasons.GetValueOrDefault(reason) + 1;
        }

        if (result.Elapsed < _fastest)
        {
            _fastest = result.Elapsed;
        }

        if (result.Elapsed > _slowest)
        {
            _slowest = result.Elapsed;
        }
    }

    public DownloadSummary Build() => _requested == 0
        ? DownloadSummary.Empty
        : new(_requested, _succeeded, _requested - _succeeded, _bytes, _attempts, _fastest, _slowest, new(_failureReasons));
}
