namespace Concurrency.Abstractions;

/// <summary>The smallest possible grain call: what one message through the runtime costs, with no work attached.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    ValueTask Ping();
}
