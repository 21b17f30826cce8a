// Collections run side by side, up to four at once: most of the suite waits (on processes starting, membership
// declaring a silo dead, simulated latency), not computes. The collections whose tests compare wall-clock timings
// (concurrent against sequential, offloaded against in-handler) are defined with DisableParallelization: xunit runs
// them one at a time after the parallel ones, so a neighbour's crunching or start-ups are never measured with them.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
