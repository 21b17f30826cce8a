using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// The lab page: <c>/lab</c>, one self-contained HTML page (Chart.js inlined, so it works offline), and
/// <c>/lab/events</c>, the server-sent events that feed it. Mapped into the dashboard's route group, so the same
/// login (if any) guards both.
/// </summary>
public static class LabEndpoints
{
    public const string Path = "/lab";

    private const string ChartJsMarker = "/*__CHART_JS__*/";

    private static readonly Lazy<string> Page = new(() =>
        Resource("lab.html").Replace(ChartJsMarker, Resource("chart.umd.min.js"), StringComparison.Ordinal));

    public static IEndpointRouteBuilder MapLab(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        routes.MapGet(Path + "/events", (LabBroadcast broadcast, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(broadcast.SubscribeAsync(cancellationToken)));
        return routes;
    }

    public static IServiceCollection AddLab(this IServiceCollection services) => services.AddSingleton<LabBroadcast>();

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Concurrency.Hosting.Lab.{name}")
            ?? throw new InvalidOperationException($"the silo was built without its embedded {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
