namespace Concurrency.Client.Cluster;

/// <summary>
/// A silo that membership dropped while a roster watched: <paramref name="AtSeconds"/> after the roster opened (the
/// strategy's setup), and <paramref name="AtMicroseconds"/> on the trace's clock, so a timeline can mark the moment.
/// </summary>
public sealed record SiloLoss(string Silo, double AtSeconds, long AtMicroseconds);
