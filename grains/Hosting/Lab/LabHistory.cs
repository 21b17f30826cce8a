using Concurrency.Abstractions.Lab;

namespace Concurrency.Hosting.Lab;

/// <summary>The lab page's first event: the last minute of every silo's thread pool, oldest point first.</summary>
public sealed record LabHistory(IReadOnlyList<LabHistorySilo> Silos);

public sealed record LabHistorySilo(string Silo, IReadOnlyList<LabPoolPoint> Points);
