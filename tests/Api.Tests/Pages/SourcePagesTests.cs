using System.Net;
using CitationMonitor.Api.Pages.Sources;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// A source's page and the list of every change over HTTP: pages under the pages' policy whatever they are asked, a
/// 404 page for a source that does not exist, and the timeline's layout (one bar per check, inside the period, failures
/// drawn over successes).
/// </summary>
public sealed class SourcePagesTests : ApiTest
{
    [Fact]
    public async Task AnUnknownSource_IsA404Page_UnderThePagesPolicy()
    {
        using var response = await Client.GetAsync("/citations/424242");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<h1>Source not found</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APeriodNotOffered_ShowsTheLast90Days_AndSaysSo()
    {
        using var added = await Client.PostJsonAsync("/api/citations", new { url = "http://127.0.0.1:9/never-checked" });
        var id = (await added.ReadJsonAsync()).GetProperty("id").GetInt64();

        using var response = await Client.GetAsync($"/citations/{id}?days=7");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Only 30, 90 or 365 days can be shown; here are the last 90.", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/citations/{id}?days=90\" aria-current=\"page\">", html, StringComparison.Ordinal);
        Assert.Contains("No check in this period.", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/citations/{id}/check\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?kind=everything")]
    [InlineData("?minWords=-1&page=abc")]
    [InlineData("?since=2026-02-01&until=2026-01-01")]
    [InlineData("?documentId=0&since=yesterday")]
    public async Task TheChangesPage_WithFiltersItCannotRead_IsAPageNamingThem(string query)
    {
        using var response = await Client.GetAsync("/changes" + query);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Some filters could not be read and were left out:", html, StringComparison.Ordinal);
        Assert.Contains("Changes found: 0", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTimeline_HasOneBarPerCheckInsideThePeriod_FailuresDrawnLast()
    {
        var now = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        CheckMark[] checks =
        [
            new() { StartedAt = now.AddDays(-89), DurationMs = 120, Status = CheckStatus.Ok, HttpStatus = 200 },
            new() { StartedAt = now.AddDays(-45), DurationMs = 1, Status = CheckStatus.ConnectionError },
            new() { StartedAt = now.AddDays(-44), DurationMs = 60_000, Status = CheckStatus.Timeout },
            new() { StartedAt = now.AddMinutes(-1), DurationMs = 0, Status = CheckStatus.Ok, HttpStatus = 200 },
        ];

        var timeline = Timeline.Build(checks, 90, now, now.AddDays(-100));

        Assert.Equal(4, timeline.Marks.Count);
        Assert.Equal(["ok", "ok", "network", "timeout"], timeline.Marks.Select(m => m.Group));
        Assert.All(timeline.Marks, m => Assert.InRange(double.Parse(m.X, System.Globalization.CultureInfo.InvariantCulture), Timeline.Left, Timeline.Right));
        // The slowest reaches the top of the plot; the quickest still shows in the lane under the baseline.
        Assert.Equal(Timeline.Top.ToString(System.Globalization.CultureInfo.InvariantCulture), timeline.Marks[3].Y);
        Assert.Equal(Timeline.Lane.ToString(System.Globalization.CultureInfo.InvariantCulture), timeline.Marks[1].Height);
        Assert.Null(timeline.NotWatchedWidth);
        Assert.Equal([(CheckStatus.Ok, 2), (CheckStatus.Timeout, 1), (CheckStatus.ConnectionError, 1)], timeline.Counts);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(timeline.MarksMarkup(s => s.ToString(), System.Globalization.CultureInfo.InvariantCulture), "<rect class=\"mark "));
    }

    [Theory]
    [InlineData("https://example.org/a", true)]
    [InlineData("http://127.0.0.1:8080/", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,<script>alert(1)</script>", false)]
    [InlineData("//example.org/", false)]
    [InlineData("ftp://example.org/", false)]
    public void OnlyWebAddresses_AreLinks(string url, bool link) => Assert.Equal(link, CitationMonitor.Api.Pages.Shared.ExternalLink.IsWeb(url));
}
