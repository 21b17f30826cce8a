using Concurrency.Abstractions;
using Concurrency.Grains.Tracing;
using Orleans.Concurrency;

namespace Concurrency.Grains;

/// <summary>
/// NumPy's trick in actor form. The grain is reentrant, so any call that awaits lets the next one in; whether other
/// requests get in during the kernel depends only on where the kernel runs. <see cref="CrunchInTurn"/> runs it
/// synchronously in the turn: the activation is held until it ends, as pure-Python code holds the GIL.
/// <see cref="CrunchReleased"/> hands it to a thread of its own and awaits it: the turn ends at the await, the kernel
/// runs on another core, and pings run in turns meanwhile, as NumPy releases the GIL around its C loop. The kernel
/// touches no grain state, which is what makes releasing it safe. It gets a dedicated thread, not a pool thread, as
/// NumPy's loop runs on the caller's OS thread outside the interpreter: a pool thread held for a whole kernel is one
/// the silo's scheduler cannot use, and where the pool had no other free thread the pings waited out the kernel.
/// </summary>
[LaneRole("native kernel")]
[Reentrant]
[CollectionAgeLimit(GrainLifetime.IdleLimit)]
public sealed class NativeKernelGrain : Grain, INativeKernelGrain
{
    public ValueTask Ping() => ValueTask.CompletedTask;

    public ValueTask<double> CrunchInTurn(TermRange range, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(LeibnizKernel.Sum(range));
    }

    // TaskScheduler.Default: inside a grain the current scheduler is the activation's, which would run the kernel in a turn.
    public async ValueTask<double> CrunchReleased(TermRange range, CancellationToken cancellationToken) =>
        await CallTurns.ReadyWhenDone(Task.Factory.StartNew(() => LeibnizKernel.Sum(range), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));
}
