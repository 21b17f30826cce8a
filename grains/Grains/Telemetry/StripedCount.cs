using System.Numerics;
using System.Runtime.InteropServices;

namespace Concurrency.Grains.Telemetry;

/// <summary>
/// A count that many cores add to at once, split into one slot per core, each on cache lines of its own. A call adds
/// to the slot of the core it runs on, so two cores counting the same grain class do not pass one cache line between
/// them on every call, as they would with a single interlocked counter; reading the total sums the slots. The add stays
/// interlocked: a thread can move to another core between reading its core's number and adding.
/// </summary>
public sealed class StripedCount
{
    private static readonly int Mask = (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount) - 1;

    private readonly Slot[] _slots = new Slot[Mask + 1];

    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _slots.Length; i++)
            {
                total += Volatile.Read(ref _slots[i].Value);
            }

            return total;
        }
    }

    public void Add() => Interlocked.Increment(ref _slots[Thread.GetCurrentProcessorId() & Mask].Value);

    // 128 bytes a slot, the count in the middle: apart from its neighbours' even where the CPU fetches lines in pairs.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Slot
    {
        [FieldOffset(64)]
        public long Value;
    }
}
