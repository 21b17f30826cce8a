namespace Concurrency.Client.Experiments.Isolation;

/// <summary>Where a payload goes from the home silo, and how it is marked.</summary>
public enum PayloadPath
{
    /// <summary>A grain in the caller's silo, the bytes marked [Immutable]: handed over by reference.</summary>
    SameSiloShared,

    /// <summary>A grain in the caller's silo, the bytes not marked: deep-copied.</summary>
    SameSiloCopied,

    /// <summary>A grain on another silo of this process: serialized over loopback TCP, even marked [Immutable].</summary>
    SiloInProcess,

    /// <summary>A grain on a silo in another process: serialized over loopback TCP, even marked [Immutable].</summary>
    SiloProcess,
}
