using System.Globalization;

namespace Concurrency.Client.Python;

/// <summary>
/// The article's own code for each claim, sized from an experiment's settings. Each experiment declares its twin in
/// one line (<c>public override PythonTwin? Twin(S s) =&gt; PythonTwins.Cpu(s.Jobs, s.Terms)</c>); a size Python
/// cannot reach in reasonable time is scaled, and the twin's <see cref="PythonTwin.Scale"/> says how.
/// </summary>
public static class PythonTwins
{
    /// <summary>The longest a twin that sleeps one call after another (sequential downloads, time.sleep in a loop) may take.</summary>
    public static readonly TimeSpan SerialBudget = TimeSpan.FromSeconds(10);

    /// <summary>CPython's Leibniz loop is about this much slower than C#'s: the article's 1,000,000 terms take it as long as 100,000,000 take C#.</summary>
    public const long PiTermsRatio = 100;

    /// <summary>The most tiny tasks a Python executor gets: a ThreadPoolExecutor costs some 15 µs a task here.</summary>
    public const int MaxTinyTasks = 20_000;

    /// <summary>
    /// Process spawn cost (the <c>spawn</c> experiment's twin): <paramref name="starts"/> thread starts, and process
    /// starts with every start method the platform has (fork, spawn, forkserver). To attach it, the spawn experiment
    /// overrides <c>Twin</c> with <c>=&gt; PythonTwins.Spawn(settings.Starts)</c> (at most 50: spawn costs ~0.1 s a start).
    /// </summary>
    public static PythonTwin Spawn(int starts)
    {
        var n = Math.Clamp(starts, 1, 50);
        return new("spawn_cost.py", [Arg(n)], $"{n} starts of each kind{(n != starts ? $" (of the run's {starts}: a spawn start costs ~0.1 s)" : "")}; multiprocessing runs from the script file, as spawn and forkserver need");
    }

    /// <summary>The article's first experiment: downloads one after another and in threads, each a time.sleep of the latency.</summary>
    public static PythonTwin Downloads(int count, TimeSpan latency)
    {
        var n = Serial(count, latency);
        return new("threads_downloads.py", [Arg(n), Arg(latency.TotalSeconds)], $"{n} downloads of {Arg(latency.TotalSeconds)} s{Capped(n, count)}, time.sleep standing for the network");
    }

    /// <summary>asyncio.gather over coroutines that await asyncio.sleep of the latency: as many as the actor run fetches.</summary>
    public static PythonTwin Gather(int count, TimeSpan latency) =>
        new("asyncio_sleeps.py", [Arg(count), Arg(latency.TotalSeconds)], $"the same {count:N0} fetches of {Arg(latency.TotalSeconds)} s, asyncio.sleep standing for the network");

    /// <summary>time.sleep inside coroutines (the loop stalls), asyncio.sleep, and the asyncio.to_thread bridge.</summary>
    public static PythonTwin Blocking(int count, TimeSpan latency)
    {
        var n = Serial(count, latency);
        return new("blocking_sleep.py", [Arg(n), Arg(latency.TotalSeconds)], $"{n} coroutines of {Arg(latency.TotalSeconds)} s{Capped(n, count)}");
    }

    /// <summary>The article's pi jobs one after another, in threads and in Pool(4), at 1/100 of the C# terms.</summary>
    public static PythonTwin Pi(int jobs, long terms)
    {
        var pythonTerms = Math.Max(1, terms / PiTermsRatio);
        return new("pool_pi.py", [Arg(jobs), Arg(pythonTerms)],
            $"{jobs} jobs of {pythonTerms:N0} terms, 1/{PiTermsRatio} of the actors' {terms:N0}: CPython's loop is about {PiTermsRatio}x slower, so a job takes it about as long");
    }

    /// <summary>item * 2 through a ThreadPoolExecutor and a ProcessPoolExecutor (one task each, then chunks of 1,000).</summary>
    public static PythonTwin TinyTasks(int items)
    {
        var n = Math.Clamp(items, 1000, MaxTinyTasks);
        return new("tiny_tasks.py", [Arg(n)], $"{n:N0} tiny tasks{(n != items ? $" of the actors' {items:N0} (a Python executor costs microseconds a task; the per-task figure is the one to compare)" : "")}");
    }

    private static int Serial(int count, TimeSpan latency) =>
        (int)Math.Clamp(Math.Floor(SerialBudget / latency), 1, count);

    private static string Capped(int n, int count) =>
        n == count ? "" : $" (of the actors' {count:N0}: one after another they would pass {SerialBudget.TotalSeconds:0} s)";

    private static string Arg(double value) => value.ToString(CultureInfo.InvariantCulture);
}
