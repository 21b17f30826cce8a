namespace Concurrency.Tests.Infrastructure;

/// <summary>
/// One <c>client run all --quick --embedded --json --report</c>, run once for every test of the tour's collection: the
/// JSON contract and the report's charts are both read from it, so the suite pays for the tour once.
/// </summary>
public sealed class QuickTourFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lab-tour-").FullName;

    /// <summary>Enough for every call of the quick tour, so that every strategy's timeline is in the report.</summary>
    public const int TraceLimit = 1_000_000;

    public ProcessResult Run { get; private set; } = null!;

    public string ReportPath => Path.Combine(_folder, "tour.html");

    public async Task InitializeAsync() =>
        // The limit catches a hang, not a slow machine: the tour takes about a minute alone on 2 quiet cores and 2.5
        // minutes or more on loaded ones, and the suite runs other collections beside it.
        Run = await LabProcess.RunClientAsync(TimeSpan.FromMinutes(10), "run", "all", "--quick", "--embedded", "--json", "--report", ReportPath, "--trace-limit", TraceLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class QuickTourCollection : ICollectionFixture<QuickTourFixture>
{
    public const string Name = "quick tour";
}
