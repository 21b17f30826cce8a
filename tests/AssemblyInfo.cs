// Test collections run one after another: many tests compare timings (concurrent against sequential, offloaded
// against in-handler), and on a 2-core machine a neighbouring collection's crunching or process start-ups would
// be measured with them. The suite is CPU-bound anyway, so running collections side by side saves little.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
