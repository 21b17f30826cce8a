using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net;
using System.Text;
using Concurrency.Abstractions;
using Concurrency.Grains;
using Concurrency.Hosting;
using Concurrency.Hosting.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Tests;

/// <summary>
/// A silo bound beyond loopback serves no HTTP route to a stranger. The routes are read from the app's own endpoint
/// data source, so a route added later (a lab page, /metrics) is walked too without this test changing. Requests go
/// to this machine's network address, not to loopback.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HttpExposureTests
{
    private static readonly DashboardLogin Login = new("lab", "s3cret");

    [SkippableFact]
    public async Task Every_route_of_a_silo_beyond_loopback_asks_for_the_login_and_opens_with_it()
    {
        var address = NetworkAddress();
        await using var silo = await LabSilo.StartAsync(new LabSiloOptions
        {
            Address = IPAddress.Any, SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = true, DashboardLogin = Login,
        });
        // Redirects are not followed: a client drops the Authorization header on a redirect, and each route is judged on its own.
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://{address}:{silo.HttpBase.Port}"), Timeout = TimeSpan.FromSeconds(30) };
        var routes = Routes(silo.Services).ToList();
        Assert.Contains(routes, r => r.Path.StartsWith("/sites/", StringComparison.Ordinal));
        Assert.Contains(routes, r => r.Path.StartsWith(LabSiloOptions.DashboardPath, StringComparison.Ordinal));

        foreach (var (method, path) in routes.Append((HttpMethods.Get, "/no-such-route")))
        {
            using var anonymous = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)anonymous.StatusCode} without the login");
            Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());

            using var wrong = await http.SendAsync(WithLogin(method, path, "guess"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

            using var right = await http.SendAsync(WithLogin(method, path, Login.Password), HttpCompletionOption.ResponseHeadersRead);
            Assert.True(right.StatusCode != HttpStatusCode.Unauthorized, $"{method} {path} refused the right login");
        }

        // The silo's own downloaders pass the rule: they send the login to the lab's sites.
        var fetch = new HttpFetch(new Uri($"http://{address}:{silo.HttpBase.Port}/"), TimeSpan.FromSeconds(10), Retries: 0);
        var result = await silo.Services.GetRequiredService<HttpDownloadSource>()
            .FetchAsync(new DownloadRequest("guarded", TimeSpan.Zero, 1024, fetch), CancellationToken.None);
        Assert.True(result.Succeeded, $"the silo's own download of its sites failed: {result.StatusCode} {result.Error}");
    }

    [SkippableFact]
    public async Task Without_a_login_HTTP_beyond_loopback_stays_on_loopback_unless_the_risky_flag_opens_it()
    {
        var address = NetworkAddress();
        await using (var guarded = await LabSilo.StartAsync(new LabSiloOptions { Address = IPAddress.Any, SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false }))
        {
            var port = guarded.HttpBase.Port;
            using var tcp = new TcpClient();
            var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(address, port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
            using var local = new HttpClient();
            Assert.Equal("ok", await local.GetStringAsync(new Uri($"http://127.0.0.1:{port}/health")));
        }

        await using var open = await LabSilo.StartAsync(new LabSiloOptions { Address = IPAddress.Any, SiloPort = 0, GatewayPort = 0, HttpPort = 0, Dashboard = false, InsecureOpenHttp = true });
        using var anyone = new HttpClient();
        using var site = await anyone.GetAsync(new Uri($"http://{address}:{open.HttpBase.Port}/sites/open?bytes=10"));
        Assert.Equal(HttpStatusCode.OK, site.StatusCode);
    }

    /// <summary>This machine's first network (non-loopback) IPv4 address; the test is skipped on a machine without one.</summary>
    private static IPAddress NetworkAddress()
    {
        var address = Exposure.Advertised(IPAddress.Any, null);
        Skip.If(IPAddress.IsLoopback(address), "this machine has no network address beyond loopback");
        return address;
    }

    /// <summary>Every route the app maps, with each parameter filled in, once per HTTP method it takes.</summary>
    private static IEnumerable<(string Method, string Path)> Routes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(method => (method, Path(e.RoutePattern))))
            .Distinct();

    private static string Path(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => parameter.Default?.ToString() ?? "x",
            _ => "",
        }))));

    private static HttpRequestMessage WithLogin(string method, string path, string password) => new(new HttpMethod(method), path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Login.User}:{password}"))) },
    };
}
