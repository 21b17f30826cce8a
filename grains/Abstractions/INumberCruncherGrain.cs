namespace Concurrency.Abstractions;

/// <summary>
/// An ordinary grain that crunches numbers. One activation runs one turn at a time, so calls sent to it together run
/// one after another on one thread at a time: the actor's GIL.
/// </summary>
public interface INumberCruncherGrain : ICruncherGrain;
