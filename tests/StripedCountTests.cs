using Concurrency.Grains.Telemetry;

namespace Concurrency.Tests;

public sealed class StripedCountTests
{
    [Fact]
    public async Task Adds_from_many_threads_at_once_all_count()
    {
        const int Threads = 8;
        const int Adds = 200_000;
        var count = new StripedCount();
        using var start = new Barrier(Threads);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < Adds; i++)
                {
                    count.Add();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        Assert.Equal((long)Threads * Adds, count.Total);
    }
}
