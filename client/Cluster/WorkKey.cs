namespace Concurrency.Client.Cluster;

/// <summary>
/// Names one unit of work sent to the cluster: part <see cref="Part"/> of job <see cref="Job"/> (a chunk of a pi job,
/// or a batch of a map). Results are recorded by this key, once, which makes resubmission idempotent.
/// </summary>
public readonly record struct WorkKey(long Job, long Part);
