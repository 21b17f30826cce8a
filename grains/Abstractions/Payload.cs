namespace Concurrency.Abstractions;

/// <summary>
/// Bytes sent to a grain and marked <c>[Immutable]</c>: inside one silo Orleans hands the receiver the caller's very
/// array (by reference, as threads share a variable); between silos it must still serialize it, as processes must.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.shared-payload")]
public sealed record SharedPayload(byte[] Bytes);

/// <summary>
/// The same bytes without <c>[Immutable]</c>: not marked, so Orleans deep-copies the array even for a grain in the
/// caller's own silo, the price of an actor that shares nothing. Left unmarked on purpose.
/// </summary>
[GenerateSerializer, Alias("concurrency.copied-payload")]
public sealed record CopiedPayload(byte[] Bytes);

/// <summary>
/// What the receiver saw: how many bytes, the array's identity (<c>RuntimeHelpers.GetHashCode</c>, so the caller in
/// the same process can tell its own array from a copy) and the process the receiver runs in.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.payload-receipt")]
public sealed record PayloadReceipt(int Length, int Identity, int ProcessId);
