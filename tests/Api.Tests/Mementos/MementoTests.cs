using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Mementos;

/// <summary>
/// The Memento protocol (RFC 7089) over real captures: a loopback site is checked on three days (its clock moved on
/// between checks), edited once, and the TimeMap, TimeGate and mementos are read back as a Memento client would.
/// </summary>
public sealed partial class MementoTests : IAsyncLifetime
{
    /// <summary>
    /// Where the links point: the address the monitor is configured to listen on (<c>Urls</c> in appsettings.json), as
    /// the in-memory test server listens nowhere; never the Host the client sent (<c>localhost</c>).
    /// </summary>
    private const string MonitorBase = "http://localhost:5000";

    private readonly MonitorApiFactory _factory = new();
    private readonly MovableClock _clock = new();
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _app = _factory.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _site.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task TimeMap_ListsEveryCaptureWithItsDatetime_FirstAndLastMarked()
    {
        var (url, snapshots) = await CheckOnThreeDaysAsync();

        var response = await _client.GetAsync($"/timemap/link/{url}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/link-format", response.Content.Headers.ContentType?.MediaType);
        var links = ParseLinks(await response.Content.ReadAsStringAsync());
        Assert.Equal(url, Assert.Single(links, l => l.Rel == "original").Uri);
        var self = Assert.Single(links, l => l.Rel == "self");
        Assert.Equal($"{MonitorBase}/timemap/link/{url}", self.Uri);
        Assert.Equal("application/link-format", self.Attributes["type"]);
        Assert.Equal($"{MonitorBase}/timegate/{url}", Assert.Single(links, l => l.Rel == "timegate").Uri);

        var mementos = links.Where(l => l.Rel.Split(' ').Contains("memento")).ToList();
        var expected = snapshots.Select(s => Second(s.CapturedAt)).Distinct().Order().ToList();
        Assert.Equal(expected.Count, mementos.Count);
        Assert.True(expected.Count >= 3, $"expected captures on three days, got {expected.Count}");
        Assert.Equal(expected, mementos.Select(m => DateTimeOffset.Parse(m.Attributes["datetime"])).ToList());
        Assert.All(mementos, m => Assert.Matches(@"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$", m.Attributes["datetime"]));
        Assert.Equal("first memento", mementos[0].Rel);
        Assert.Equal("last memento", mementos[^1].Rel);
        Assert.All(mementos.Skip(1).SkipLast(1), m => Assert.Equal("memento", m.Rel));
        Assert.Equal(expected[0], DateTimeOffset.Parse(self.Attributes["from"]));
        Assert.Equal(expected[^1], DateTimeOffset.Parse(self.Attributes["until"]));
        Assert.All(mementos, m => Assert.Equal(
            $"{MonitorBase}/memento/{DateTimeOffset.Parse(m.Attributes["datetime"]).UtcDateTime:yyyyMMddHHmmss}/{url}", m.Uri));
    }

    [OnBothDatabases]
    public async Task TimeGate_RedirectsToTheCaptureClosestToAcceptDatetime()
    {
        var (url, snapshots) = await CheckOnThreeDaysAsync();
        var days = snapshots.Select(s => Second(s.CapturedAt)).Distinct().Order().ToList();

        foreach (var (asked, expected) in new[]
                 {
                     (days[0].AddYears(-3), days[0]),
                     (days[1].AddHours(-2), days[1]),
                     (days[1].AddHours(3), days[1]),
                     (days[^1].AddDays(30), days[^1]),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/timegate/{url}");
            request.Headers.TryAddWithoutValidation("Accept-Datetime", asked.UtcDateTime.ToString("r"));
            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal($"{MonitorBase}/memento/{expected.UtcDateTime:yyyyMMddHHmmss}/{url}", response.Headers.Location?.ToString());
            Assert.Contains("accept-datetime", response.Headers.Vary, StringComparer.OrdinalIgnoreCase);
            var links = ParseLinks(string.Join(", ", response.Headers.GetValues("Link")));
            Assert.Equal(url, Assert.Single(links, l => l.Rel == "original").Uri);
            Assert.Equal($"{MonitorBase}/timemap/link/{url}", Assert.Single(links, l => l.Rel == "timemap").Uri);
            Assert.Contains(links, l => l.Rel.Contains("memento") && l.Uri == response.Headers.Location!.ToString());
        }

        // Without Accept-Datetime, the newest capture; HEAD answers the same.
        var newest = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/timegate/{url}"));
        Assert.Equal(HttpStatusCode.Found, newest.StatusCode);
        Assert.Equal($"{MonitorBase}/memento/{days[^1].UtcDateTime:yyyyMMddHHmmss}/{url}", newest.Headers.Location?.ToString());
    }

    [OnBothDatabases]
    public async Task Memento_ServesTheArchivedBytesWithMementoDatetimeAndLinks()
    {
        var (url, snapshots) = await CheckOnThreeDaysAsync();
        var edited = snapshots.Last(s => Second(s.CapturedAt) == snapshots.Select(x => Second(x.CapturedAt)).Distinct().Order().ElementAt(1));
        var at = Second(edited.CapturedAt);

        var response = await _client.GetAsync($"/memento/{at.UtcDateTime:yyyyMMddHHmmss}/{url}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await _client.GetAsync($"/api/snapshots/{edited.Id}/raw");
        Assert.Equal(await raw.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(raw.Content.Headers.ContentType, response.Content.Headers.ContentType);
        Assert.Contains("edited", await response.Content.ReadAsStringAsync());
        Assert.Equal(at.UtcDateTime.ToString("r"), Assert.Single(response.Headers.GetValues("Memento-Datetime")));
        var links = ParseLinks(string.Join(", ", response.Headers.GetValues("Link")));
        Assert.Equal(url, Assert.Single(links, l => l.Rel == "original").Uri);
        Assert.Equal($"{MonitorBase}/timegate/{url}", Assert.Single(links, l => l.Rel == "timegate").Uri);
        Assert.Single(links, l => l.Rel == "timemap");
        var mementos = links.Where(l => l.Rel.EndsWith("memento", StringComparison.Ordinal)).ToList();
        Assert.Equal(mementos.Count, mementos.Select(m => m.Uri).Distinct().Count());
        foreach (var rel in new[] { "first", "prev", "next", "last" })
        {
            Assert.Single(mementos, m => m.Rel.Split(' ').Contains(rel));
        }

        var self = $"{MonitorBase}/memento/{at.UtcDateTime:yyyyMMddHHmmss}/{url}";
        Assert.Equal("memento", Assert.Single(mementos, m => m.Uri == self).Rel);
        Assert.True(DateTimeOffset.Parse(Assert.Single(mementos, m => m.Rel.Contains("prev")).Attributes["datetime"]) < at);
        Assert.True(DateTimeOffset.Parse(Assert.Single(mementos, m => m.Rel.Contains("next")).Attributes["datetime"]) > at);
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single());

        // A datetime without a capture of its own redirects to the closest one, as web archives do.
        var shortened = await _client.GetAsync($"/memento/{at.UtcDateTime:yyyyMMdd}/{url}");
        Assert.Equal(HttpStatusCode.Found, shortened.StatusCode);
    }

    [OnBothDatabases]
    public async Task WebArchiveCopy_IsListedInTheTimeMapAndPreferredByTheRobustLink()
    {
        var (url, snapshots) = await CheckOnThreeDaysAsync();
        var citationId = snapshots[0].CitationId;
        var archived = $"https://web.archive.org/web/20190301120000/{url}";
        await using (var connection = await _factory.OpenDatabaseAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE citations SET archived_url = @url, archived_at = '2019-03-01T12:00:00.0000000Z' WHERE id = @id", new { url = archived, id = citationId });
        }

        var links = ParseLinks(await _client.GetStringAsync($"/timemap/link/{url}"));
        var first = Assert.Single(links, l => l.Rel == "first memento");
        Assert.Equal(archived, first.Uri);
        Assert.Equal("Fri, 01 Mar 2019 12:00:00 GMT", first.Attributes["datetime"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/timegate/{url}");
        request.Headers.TryAddWithoutValidation("Accept-Datetime", "Sun, 10 Mar 2019 00:00:00 GMT");
        Assert.Equal(archived, (await _client.SendAsync(request)).Headers.Location?.ToString());

        // Asked for a date near it, the Robust Link points at the web archive's copy; left to itself, at the first
        // capture (the source as first seen, nothing saying when it was cited).
        var robust = await (await _client.GetAsync($"/api/citations/{citationId}/robustlink?at=2019-03-10")).ReadJsonAsync();
        Assert.Equal(archived, robust.GetProperty("versionUrl").GetString());
        Assert.Equal("2019-03-01", robust.GetProperty("versionDate").GetString());
        Assert.Equal("web-archive", robust.GetProperty("versionSource").GetString());
        Assert.Equal("at", robust.GetProperty("versionChosenBy").GetString());
        var unasked = await (await _client.GetAsync($"/api/citations/{citationId}/robustlink")).ReadJsonAsync();
        Assert.Equal(snapshots[0].Id, unasked.GetProperty("snapshotId").GetInt64());
        Assert.Equal("closest", unasked.GetProperty("versionChosenBy").GetString());
    }

    [OnBothDatabases]
    public async Task RobustLink_PointsAtTheNewestWorkingCapture_AndEscapesItsAttributes()
    {
        var url = _site.Url("/press/statement") + "?id=5&lang=es";
        var id = await AddAsync(url);

        var before = await (await _client.GetAsync($"/api/citations/{id}/robustlink")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, before.GetProperty("versionUrl").ValueKind);
        Assert.DoesNotContain("data-versionurl", before.GetProperty("html").GetString());

        var check = await CheckAsync(id);
        var capturedAt = Second(DateTimeOffset.Parse((await (await _client.GetAsync($"/api/snapshots/{check.GetProperty("snapshotId").GetInt64()}")).ReadJsonAsync())
            .GetProperty("capturedAt").GetString()!));

        var robust = await (await _client.GetAsync($"/api/citations/{id}/robustlink?text=Statement <b>5</b>")).ReadJsonAsync();
        var memento = $"{MonitorBase}/memento/{capturedAt.UtcDateTime:yyyyMMddHHmmss}/{url}";
        Assert.Equal(memento, robust.GetProperty("versionUrl").GetString());
        Assert.Equal("monitor", robust.GetProperty("versionSource").GetString());
        Assert.Equal(capturedAt.UtcDateTime.ToString("yyyy-MM-dd"), robust.GetProperty("versionDate").GetString());
        var html = robust.GetProperty("html").GetString()!;
        var escapedUrl = url.Replace("&", "&amp;");
        Assert.Equal(
            $"<a href=\"{escapedUrl}\" data-originalurl=\"{escapedUrl}\" data-versionurl=\"{memento.Replace("&", "&amp;")}\" "
            + $"data-versiondate=\"{capturedAt.UtcDateTime:yyyy-MM-dd}\">Statement &lt;b&gt;5&lt;/b&gt;</a>",
            html);

        // The query string of the cited URL is part of the memento URL, and the memento answers.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(memento)).StatusCode);

        await ProblemAssert.IsProblemAsync(
            await _client.GetAsync($"/api/citations/{id}/robustlink?text={new string('x', 501)}"), HttpStatusCode.BadRequest, "text");
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/citations/999/robustlink"), HttpStatusCode.NotFound);
    }

    [OnBothDatabases]
    public async Task UnknownOrMalformedUrls_AreProblems()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/timemap/link/http://unwatched.example/page"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/timegate/http://unwatched.example/page"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/timemap/link/ftp://files.example/a"), HttpStatusCode.BadRequest, "url");
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/memento/2026x/http://unwatched.example/page"), HttpStatusCode.BadRequest, "datetime");

        var id = await AddAsync(_site.Url("/press/statement"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/timegate/{_site.Url("/press/statement")}");
        request.Headers.TryAddWithoutValidation("Accept-Datetime", "yesterday");
        var invalid = await _client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(invalid, HttpStatusCode.BadRequest, "acceptDatetime");

        // Watched but never captured: an empty TimeMap, and a TimeGate with nothing to send to.
        var links = ParseLinks(await _client.GetStringAsync($"/timemap/link/{_site.Url("/press/statement")}"));
        Assert.DoesNotContain(links, l => l.Rel.Contains("memento"));
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/timegate/{_site.Url("/press/statement")}"), HttpStatusCode.NotFound);
        Assert.True(id > 0);
    }

    [OnBothDatabases]
    public async Task AnySpellingOfTheSource_FindsItsTimeMap()
    {
        var (url, _) = await CheckOnThreeDaysAsync();
        var collapsed = url.Replace("http://", "http:/");
        var withoutScheme = url["http://".Length..];

        foreach (var spelling in new[] { collapsed, withoutScheme, url + "?utm_source=newsletter", Uri.EscapeDataString(url) })
        {
            var response = await _client.GetAsync($"/timemap/link/{spelling}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(url, Assert.Single(ParseLinks(await response.Content.ReadAsStringAsync()), l => l.Rel == "original").Uri);
        }
    }

    /// <summary>Checks the site's statement now, a day later after an edit, and two days later unchanged.</summary>
    private async Task<(string Url, List<SnapshotInfo> Snapshots)> CheckOnThreeDaysAsync()
    {
        var url = _site.Url("/press/statement");
        var id = await AddAsync(url);
        await CheckAsync(id);
        _clock.Advance(TimeSpan.FromDays(1));
        _site.Article = "The commission edited its statement: forty-two cases of arbitrary detention in January.";
        var edited = await CheckAsync(id);
        Assert.True(edited.GetProperty("contentChanged").GetBoolean());
        _clock.Advance(TimeSpan.FromDays(1));
        await CheckAsync(id);

        var page = await (await _client.GetAsync($"/api/citations/{id}/snapshots?pageSize=500")).ReadJsonAsync();
        var snapshots = page.GetProperty("items").EnumerateArray()
            .Select(s => new SnapshotInfo(s.GetProperty("id").GetInt64(), s.GetProperty("citationId").GetInt64(),
                DateTimeOffset.Parse(s.GetProperty("capturedAt").GetString()!)))
            .OrderBy(s => s.Id)
            .ToList();
        return (url, snapshots);
    }

    private async Task<long> AddAsync(string url) =>
        (await (await _client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();

    private async Task<JsonElement> CheckAsync(long id) =>
        await (await _client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

    private static DateTimeOffset Second(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>A minimal reader of RFC 6690 links: <c>&lt;uri&gt;; name="value"; …</c>, separated by commas.</summary>
    private static List<ParsedLink> ParseLinks(string text) =>
        [.. LinkPattern().Matches(text).Select(match =>
        {
            var attributes = AttributePattern().Matches(match.Groups["attributes"].Value)
                .ToDictionary(a => a.Groups["name"].Value, a => a.Groups["value"].Value);
            return new ParsedLink(match.Groups["uri"].Value, attributes.GetValueOrDefault("rel", ""), attributes);
        })];

    [GeneratedRegex("<(?<uri>[^>]*)>(?<attributes>(?:\\s*;\\s*[a-z]+=\"[^\"]*\")*)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("(?<name>[a-z]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex AttributePattern();

    private sealed record ParsedLink(string Uri, string Rel, Dictionary<string, string> Attributes);

    private sealed record SnapshotInfo(long Id, long CitationId, DateTimeOffset CapturedAt);
}
