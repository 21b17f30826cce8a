using System.Diagnostics;

namespace Concurrency.Client.Bench;

/// <summary>
/// The process's peak resident memory. On Linux the peak can be reset (writing 5 to /proc/self/clear_refs), so each
/// figure gets its own peak rather than the largest since the process started.
/// </summary>
public static class PeakMemory
{
    public static bool CanReset => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (CanReset)
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Then the peak is the process's peak so far, which is only ever larger: the figure stays honest.
            }
        }
    }

    public static double MegaBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
