using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>A dashboard bound beyond loopback asks for the login it was given, and the silo says it is exposed.</summary>
public sealed class DashboardSecurityTests
{
    [Fact]
    public async Task A_dashboard_on_0_0_0_0_requires_the_user_name_and_password()
    {
        await using var silo = await SiloProcess.StartAsync("--address", "0.0.0.0", "--dashboard-user", "lab", "--dashboard-password", "s3cret");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };

        using var anonymous = await http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());

        using var wrong = await http.SendAsync(WithLogin("/dashboard/", "lab", "guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var right = await http.SendAsync(WithLogin("/dashboard/", "lab", "s3cret"));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("href=\"/lab\"", await right.Content.ReadAsStringAsync());

        // The lab page and its event stream sit behind the same login.
        foreach (var path in new[] { "/lab", "/lab/events" })
        {
            using var labAnonymous = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, labAnonymous.StatusCode);
        }

        using var lab = await http.SendAsync(WithLogin("/lab", "lab", "s3cret"));
        Assert.Equal(HttpStatusCode.OK, lab.StatusCode);
        Assert.Contains("href=\"/dashboard\"", await lab.Content.ReadAsStringAsync());

        Assert.Contains("beyond loopback", silo.Stderr);
        Assert.DoesNotContain("0.0.0.0", silo.ReadyLine.Split("gateway ")[1].Split(',')[0]);
    }

    private static HttpRequestMessage WithLogin(string path, string user, string password) => new(HttpMethod.Get, path)
    {
        Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))) },
    };
}
