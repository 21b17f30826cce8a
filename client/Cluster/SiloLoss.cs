namespace Concurrency.Client.Cluster;

/// <summary>A silo that membership dropped while a roster watched, <paramref name="AtSeconds"/> after the roster opened.</summary>
public sealed record SiloLoss(string Silo, double AtSeconds);
