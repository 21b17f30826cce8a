namespace Concurrency.Abstractions;

/// <summary>
/// Receives payloads, keyed by the address of the silo it lives on (<c>SiloAddress.ToParsableString()</c>): a caller
/// aims a payload at one silo, in its own silo, another silo of its process, or a silo in another process.
/// </summary>
public interface IPayloadGrain : IGrainWithStringKey
{
    /// <summary>Takes bytes marked immutable: passed by reference where the runtime can.</summary>
    ValueTask<PayloadReceipt> TakeShared(SharedPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Takes bytes that are not marked: always copied.</summary>
    ValueTask<PayloadReceipt> TakeCopied(CopiedPayload payload, CancellationToken cancellationToken = default);
}
