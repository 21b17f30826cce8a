namespace Concurrency.Client.Results;

/// <summary>What the experiments ran on: how many silos, whether in the client's own process, how many cores.</summary>
public sealed record ClusterInfo(int Silos, bool Embedded, int ProcessorCount);
