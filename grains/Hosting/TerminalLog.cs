using Concurrency.Grains.Logging;
using Microsoft.Extensions.Logging;

namespace Concurrency.Hosting;

/// <summary>
/// What a silo that shares the user's terminal (the client's embedded one) prints there: every error, whoever logs
/// it, and the lab's own warnings. The framework's warnings are counted into the results instead (see
/// <see cref="FrameworkWarningCounter"/>), and nothing below a warning is printed.
/// </summary>
public static class TerminalLog
{
    public static bool Shows(string? category, LogLevel level) =>
        level >= LogLevel.Error || (level == LogLevel.Warning && FrameworkWarningKinds.IsLab(category));
}
