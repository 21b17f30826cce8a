using Concurrency.Abstractions;
using Concurrency.Client.Cluster;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>
/// The death watch stops a run that cannot resend its calls only when the dead silo held one of them: it asks the
/// directory where each grain with a call in flight lives. A silo that held none is a loss the run goes on past.
/// </summary>
[Collection(ThreeSiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DeathWatchTests(ThreeSiloFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    public Task InitializeAsync() => fixture.RestoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_silo_that_held_a_call_in_flight_stops_the_run_and_one_that_held_none_does_not()
    {
        var downloader = fixture.Grains.GetGrain<IDownloaderGrain>(Random.Shared.NextInt64());
        await downloader.Download(new DownloadRequest("warm-up", TimeSpan.Zero, 0));
        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(downloader);
        var holder = fixture.Cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        var bystander = fixture.Cluster.Silos.First(s => !s.SiloAddress.Equals(host));
        var left = new LeftWatcher();
        await using var watch = await SiloDeathWatch.StartAsync(fixture.Grains, left, CancellationToken.None, fixture.Calls);

        // The bystander dies while a call is in flight on the holder: it held nothing, so the run goes on.
        _ = downloader.Download(new DownloadRequest("slow", Long, 0)).AsTask().ContinueWith(t => t.Exception, TaskScheduler.Default);
        var bystanderAddress = bystander.SiloAddress.ToParsableString();
        using (var stopped = new TaskCompletionSourceOn(watch.Died))
        {
            await fixture.Cluster.KillSiloAsync(bystander);
            await Task.WhenAny(left.Seen(bystanderAddress), stopped.Task).WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.False(watch.Died.IsCancellationRequested, watch.Reason);
        Assert.Contains(bystanderAddress, watch.Losses.Select(l => l.Silo));

        // Then the holder dies with a download in flight on it: that stops the run, naming the call. (Where the
        // holder was also the call's gateway, the call fails at once instead, as not done, which stops the run too.)
        var second = downloader.Download(new DownloadRequest("slow again", Long, 0)).AsTask();
        using var died = new TaskCompletionSourceOn(watch.Died);
        await fixture.Cluster.KillSiloAsync(holder);
        var ended = await Task.WhenAny(died.Task, second).WaitAsync(TimeSpan.FromSeconds(30));
        if (ended == died.Task)
        {
            Assert.Contains("while it held a call to downloader/", watch.Reason, StringComparison.Ordinal);
        }
        else
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(() => ended);
            Assert.NotEqual(FailureKind.Fatal, Failure.Classify(failure));
        }
    }

    /// <summary>Hears each silo the watch let the run go on past.</summary>
    private sealed class LeftWatcher : IClusterObserver
    {
        private readonly Dictionary<string, TaskCompletionSource> _seen = [];

        public Task Seen(string silo)
        {
            lock (_seen)
            {
                return (_seen.TryGetValue(silo, out var tcs) ? tcs : _seen[silo] = new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }

        public void Left(string silo)
        {
            TaskCompletionSource tcs;
            lock (_seen)
            {
                tcs = _seen.TryGetValue(silo, out var known) ? known : _seen[silo] = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            tcs.TrySetResult();
        }

        public ValueTask SendingAsync(WorkKey key, SiloRoster roster, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void Sent(WorkKey key, string? silo)
        {
        }
    }

    /// <summary>A task that completes when <paramref name="token"/> is cancelled.</summary>
    private sealed class TaskCompletionSourceOn : IDisposable
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        public TaskCompletionSourceOn(CancellationToken token) => _registration = token.Register(() => _done.TrySetResult());

        public Task Task => _done.Task;

        public void Dispose() => _registration.Dispose();
    }
}
