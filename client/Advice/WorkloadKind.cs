namespace Concurrency.Client.Advice;

/// <summary>What a workload waits on, the article's first question: the network (I/O), the CPU, or both.</summary>
public enum WorkloadKind
{
    Io,
    Cpu,
    Mixed,
}
