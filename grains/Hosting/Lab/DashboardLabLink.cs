using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Concurrency.Hosting.Lab;

/// <summary>
/// Puts a link to the lab page into the Orleans dashboard's own page (its HTML comes from the dashboard package): the
/// dashboard's index is buffered and a small fixed link is written before its closing body tag.
/// </summary>
public static class DashboardLabLink
{
    private const string Link =
        "<a href=\"" + LabEndpoints.Path + "\" style=\"position:fixed;right:14px;bottom:14px;z-index:9999;padding:6px 12px;" +
        "background:#bc4c00;color:#fff;border-radius:6px;font:600 14px sans-serif;text-decoration:none\">Lab page: turns, waits, threads live</a>";

    public static IApplicationBuilder UseDashboardLabLink(this IApplicationBuilder app, string dashboardPath) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value?.TrimEnd('/') ?? "";
        if (!HttpMethods.IsGet(context.Request.Method) || !(path == dashboardPath || path == dashboardPath + "/index.html"))
        {
            await next(context);
            return;
        }

        context.Request.Headers.AcceptEncoding = "identity";
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(body);
            var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            body = Encoding.UTF8.GetBytes(end < 0 ? html + Link : html.Insert(end, Link));
            context.Response.ContentLength = body.Length;
        }

        await original.WriteAsync(body, context.RequestAborted);
    });
}
