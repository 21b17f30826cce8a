namespace Concurrency.Client.Experiments.Isolation;

/// <summary>
/// Where the silo program is: the client references the silo project, so the build copies Concurrency.Silo.dll and
/// its runtimeconfig beside the client's own. A copy of the client without them cannot start silo processes, and
/// the steps that need one say so instead of failing.
/// </summary>
public static class SiloProgram
{
    public const string DllName = "Concurrency.Silo.dll";

    public static string Dll => Path.Combine(AppContext.BaseDirectory, DllName);

    /// <summary>Null when a silo process can be started; else why not, in one sentence.</summary>
    public static string? Missing =>
        !File.Exists(Dll) ? $"{DllName} is not beside the client ({AppContext.BaseDirectory}), so no silo process can be started"
        : !File.Exists(Path.ChangeExtension(Dll, ".runtimeconfig.json")) ? $"{DllName} has no runtimeconfig.json beside it, so dotnet cannot start it"
        : null;
}
