namespace Concurrency.Hosting;

/// <summary>
/// A silo that could not start although its options were well formed: no Redis answers, a port is taken. The
/// world, not the command line, is at fault, so the programs report it as one line with exit code 1, where bad
/// input (a <see cref="UsageException"/>) gets exit code 2.
/// </summary>
public sealed class SiloStartException(string message, Exception? cause = null) : Exception(message, cause);
