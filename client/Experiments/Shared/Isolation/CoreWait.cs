using System.Globalization;

namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// How long the calling thread has waited, runnable, for a core: the second field of Linux's
/// /proc/thread-self/schedstat (time on a core, time waiting in the run queue, timeslices, in nanoseconds). On a busy
/// machine a timing of microseconds of work is mostly this wait; null where the kernel does not say.
/// </summary>
public static class CoreWait
{
    private const string Path = "/proc/thread-self/schedstat";

    public static long? WaitedNanoseconds()
    {
        try
        {
            var fields = File.ReadAllText(Path).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var waited) ? waited : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}
