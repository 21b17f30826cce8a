namespace Concurrency.Client.Experiments;

/// <summary>
/// The silo's thread pool around blocking-many: its threads before and after, the most seen by a turn, how fast it
/// added threads, how long the last grain waited for one, and how soon the silo answered afterwards.
/// </summary>
public sealed record PoolFigures(int ThreadsBefore, int ThreadsAfter, int MostThreadsSeen, double ThreadsAddedPerSecond, double LastGrainWaitedSeconds, double SiloAnswerAfterMs);
