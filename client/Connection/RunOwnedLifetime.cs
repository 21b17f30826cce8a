using Microsoft.Extensions.Hosting;

namespace Concurrency.Client.Connection;

/// <summary>
/// The Orleans client's host does not listen for Ctrl+C or SIGTERM: the run does (<c>Interrupt</c>), stops itself,
/// reports what finished, and only then closes the connection. The host's default console lifetime would stop the
/// client under the run's feet instead, and the run would wait on calls that can no longer answer.
/// </summary>
internal sealed class RunOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
