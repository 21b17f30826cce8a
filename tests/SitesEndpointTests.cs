using System.Diagnostics;
using System.Net;
using Concurrency.Abstractions;
using Concurrency.Tests.Infrastructure;

namespace Concurrency.Tests;

/// <summary>The simulated internet as any HTTP client sees it.</summary>
[Collection(SitesCollection.Name)]
public sealed class SitesEndpointTests(SitesFixture fixture)
{
    private HttpClient Http() => new() { BaseAddress = fixture.HttpBase, Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_site_answers_after_its_latency_with_as_many_bytes_as_asked()
    {
        using var http = Http();
        await http.GetAsync("sites/warm");
        var latency = TimeSpan.FromMilliseconds(200);

        var started = Stopwatch.GetTimestamp();
        var body = await http.GetByteArrayAsync($"sites/plain?latency=200ms&bytes={100_000}");

        Assert.Equal(100_000, body.Length);
        Assert.True(Stopwatch.GetElapsedTime(started) >= 0.95 * latency, "the answer came before its latency");
    }

    [Theory]
    [InlineData("latency=11m", "latency")]
    [InlineData("latency=fast", "latency")]
    [InlineData("bytes=-1", "bytes")]
    [InlineData("bytes=999999999", "bytes")]
    [InlineData("fail=1.5", "fail")]
    [InlineData("fail=0.6&hang=0.6", "at most 1")]
    [InlineData("seed=x", "seed")]
    public async Task Values_beyond_the_bounds_get_a_400_that_says_what_is_allowed(string query, string mentioned)
    {
        using var http = Http();

        var response = await http.GetAsync($"sites/bad?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(mentioned, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Misbehaviour_is_reproducible_from_the_seed_the_site_and_the_try()
    {
        using var http = Http();

        async Task<string> OutcomesAsync(int seed)
        {
            var outcomes = new List<string>();
            for (var site = 0; site < 20; site++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"sites/s{site}?fail=0.5&seed={seed}");
                request.Headers.Add(SiteQuery.AttemptHeader, "2");
                try
                {
                    using var response = await http.SendAsync(request);
                    outcomes.Add(((int)response.StatusCode).ToString());
                }
                catch (HttpRequestException)
                {
                    outcomes.Add("reset");
                }
            }

            return string.Join(',', outcomes);
        }

        var first = await OutcomesAsync(7);
        Assert.Equal(first, await OutcomesAsync(7));
        Assert.Contains("200", first);
        Assert.True(first.Contains("500") || first.Contains("503") || first.Contains("reset"), first);
    }
}
