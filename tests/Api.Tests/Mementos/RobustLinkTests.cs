using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Tests.Mementos;

/// <summary>
/// Robust Links to the version that was cited: a loopback page is checked on three days ten days apart (its clock moved
/// on), its cited passage found, then altered, then gone; two documents cite it, one quoting the passage, one not, each
/// with its own access date.
/// </summary>
public sealed class RobustLinkTests : IAsyncLifetime
{
    private const string Passage = "recorded forty cases of arbitrary detention";

    private readonly MovableClock _clock = new();
    private TestSite _site = null!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [OnBothDatabases]
    public async Task EachPlace_GetsTheVersionThatHeldItsPassage_OrTheCaptureClosestToItsAccessDate()
    {
        await using var monitor = await StartAsync();
        var w = await monitor.ThreeCapturesAsync(_site, _clock);

        // Accessed on day 19, closest to the third capture, in which the passage was already gone: the link is to the
        // first, the last capture that held it.
        await monitor.AccessedAsync(w.Quoting, w.CitationId, w.Day0.AddDays(19));
        var quoting = await monitor.RobustLinkAsync($"/api/citations/{w.CitationId}/robustlink?documentId={w.Quoting}");
        Assert.Equal(w.Snapshots[0], quoting.GetProperty("snapshotId").GetInt64());
        Assert.Equal("passage", quoting.GetProperty("versionChosenBy").GetString());
        Assert.Equal(w.Quoting, quoting.GetProperty("documentId").GetInt64());
        Assert.Equal(w.Day0.ToString("yyyy-MM-dd"), quoting.GetProperty("versionDate").GetString());

        // The document that quotes nothing, accessed on day 12: the capture closest to that date, the second.
        await monitor.AccessedAsync(w.Plain, w.CitationId, w.Day0.AddDays(12));
        var plain = await monitor.RobustLinkAsync($"/api/citations/{w.CitationId}/robustlink?documentId={w.Plain}");
        Assert.Equal(w.Snapshots[1], plain.GetProperty("snapshotId").GetInt64());
        Assert.Equal("closest", plain.GetProperty("versionChosenBy").GetString());

        // Accessed before any capture, the quoting document still gets the one that held its passage.
        await monitor.AccessedAsync(w.Quoting, w.CitationId, w.Day0.AddDays(-30));
        Assert.Equal(w.Snapshots[0], (await monitor.RobustLinkAsync($"/api/citations/{w.CitationId}/robustlink?documentId={w.Quoting}")).GetProperty("snapshotId").GetInt64());
    }

    [OnBothDatabases]
    public async Task AtAndSnapshotId_ChooseTheVersion_BeforeThePassage()
    {
        await using var monitor = await StartAsync();
        var w = await monitor.ThreeCapturesAsync(_site, _clock);
        var link = $"/api/citations/{w.CitationId}/robustlink?documentId={w.Quoting}";

        var at = await monitor.RobustLinkAsync($"{link}&at={w.Day0.AddDays(19):yyyy-MM-dd}");
        Assert.Equal(w.Snapshots[2], at.GetProperty("snapshotId").GetInt64());
        Assert.Equal("at", at.GetProperty("versionChosenBy").GetString());

        var chosen = await monitor.RobustLinkAsync($"{link}&at={w.Day0.AddDays(19):yyyy-MM-dd}&snapshotId={w.Snapshots[1]}");
        Assert.Equal(w.Snapshots[1], chosen.GetProperty("snapshotId").GetInt64());
        Assert.Equal("snapshot", chosen.GetProperty("versionChosenBy").GetString());
        Assert.Equal(w.Day0.AddDays(10).ToString("yyyy-MM-dd"), chosen.GetProperty("versionDate").GetString());

        var other = (await (await monitor.Client.PostJsonAsync("/api/citations", new { url = _site.Url("/other") })).ReadJsonAsync()).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(
            await monitor.Client.GetAsync($"/api/citations/{other}/robustlink?snapshotId={w.Snapshots[0]}"), HttpStatusCode.BadRequest, "snapshotId");
        await ProblemAssert.IsProblemAsync(await monitor.Client.GetAsync($"{link}&at=yesterday"), HttpStatusCode.BadRequest, "at");
        await ProblemAssert.IsProblemAsync(await monitor.Client.GetAsync($"/api/citations/{other}/robustlink?documentId={w.Quoting}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await monitor.Client.GetAsync($"/api/citations/{w.CitationId}/robustlink?documentId=x"), HttpStatusCode.BadRequest, "documentId");
    }

    [OnBothDatabases]
    public async Task WithoutAPublicBaseUrl_TheLinkSaysItOnlyWorksHere_AndTheHrefIsCleaned()
    {
        await using var monitor = await StartAsync();
        var w = await monitor.ThreeCapturesAsync(_site, _clock);

        var link = await monitor.RobustLinkAsync($"/api/citations/{w.CitationId}/robustlink?documentId={w.Quoting}");

        var clean = _site.Url("/press/statement") + "?id=5";
        Assert.Equal(clean, link.GetProperty("href").GetString());
        Assert.Equal(clean, link.GetProperty("originalUrl").GetString());
        var versionUrl = link.GetProperty("versionUrl").GetString()!;
        // At the address the monitor is configured to listen on (Urls in appsettings.json; the in-memory server listens nowhere).
        Assert.StartsWith("http://localhost:5000/memento/", versionUrl, StringComparison.Ordinal);
        Assert.Equal(versionUrl, link.GetProperty("mementoUrl").GetString());
        Assert.Contains("PublicBaseUrl", link.GetProperty("warning").GetString(), StringComparison.Ordinal);
        var html = link.GetProperty("html").GetString()!;
        Assert.DoesNotContain("fbclid", html, StringComparison.Ordinal);
        Assert.Contains($"data-versionurl=\"{versionUrl}\"", html, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task WithAPublicBaseUrl_TheVersionIsThere_AndNoWarning()
    {
        await using var monitor = await StartAsync(new() { ["Monitor:PublicBaseUrl"] = "https://monitor.example.org/watch/" });
        var w = await monitor.ThreeCapturesAsync(_site, _clock);

        var link = await monitor.RobustLinkAsync($"/api/citations/{w.CitationId}/robustlink?documentId={w.Quoting}");

        var versionUrl = link.GetProperty("versionUrl").GetString()!;
        Assert.StartsWith("https://monitor.example.org/watch/memento/", versionUrl, StringComparison.Ordinal);
        Assert.EndsWith("/" + _site.Url("/press/statement") + "?id=5", versionUrl, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, link.GetProperty("warning").ValueKind);
        Assert.Contains($"data-versionurl=\"{versionUrl}\"", link.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [OnBothDatabasesTheory]
    [InlineData("monitor.example.org")]
    [InlineData("ftp://monitor.example.org")]
    [InlineData("https://monitor.example.org/?x=1")]
    public void APublicBaseUrlThatIsNoAbsoluteHttpUrl_StopsTheStartNamingTheKey(string value)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Monitor:PublicBaseUrl"] = value }).Build());
        services.AddMonitorCore();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MonitorOptions>>().Value);

        Assert.Contains("Monitor:PublicBaseUrl", failure.Message, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public void WithoutAPublicBaseUrl_AMonitorCaptureIsLinkedAtTheWebArchivesAddressForItsDate()
    {
        var capturedAt = new DateTimeOffset(2021, 1, 20, 10, 30, 5, TimeSpan.Zero);
        const string Original = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp";
        var links = new Api.Mementos.MementoLinks("http://127.0.0.1:5000", Original);
        var memento = new Domain.Mementos.Memento(capturedAt, links.Memento(capturedAt), 7);

        var link = Api.Mementos.RobustLinks.Build(
            1, Original, (memento, Domain.Mementos.VersionChoice.Passage), "IACHR", links,
            new MonitorOptions(), new ArchiveOptions());

        Assert.Equal($"https://web.archive.org/web/20210120103005/{Original}", link.VersionUrl);
        Assert.Equal(memento.Uri, link.MementoUrl);
        Assert.Null(link.Warning);
        Assert.Equal("monitor", link.VersionSource);
    }

    private async Task<Monitor> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var factory = new MonitorApiFactory(settings);
        var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
        return new Monitor(factory, app, app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
    }

    /// <summary>The watched page and its captures (oldest first), and the documents citing it, one quoting it.</summary>
    private sealed record Watched(long CitationId, long Quoting, long Plain, DateTimeOffset Day0, IReadOnlyList<long> Snapshots);

    private sealed record Monitor(MonitorApiFactory Factory, WebApplicationFactory<Program> App, HttpClient Client) : IAsyncDisposable
    {
        /// <summary>
        /// Two documents cite the page (one quoting the passage, as cited with a tracking parameter), and it is checked on
        /// day 0 (passage found), day 10 (altered) and day 20 (gone).
        /// </summary>
        public async Task<Watched> ThreeCapturesAsync(TestSite site, MovableClock clock)
        {
            var cited = site.Url("/press/statement") + "?fbclid=IwAR0abc&id=5";
            var quoting = await Client.PostJsonAsync("/api/documents", new { title = "Quoting", text = $"The commission \u201c{Passage}\u201d ({cited})." });
            var quotingDocument = await quoting.ReadJsonAsync();
            var citationId = quotingDocument.GetProperty("citations")[0].GetProperty("id").GetInt64();
            var plain = await (await Client.PostJsonAsync("/api/documents", new { title = "Plain", text = $"See {cited} for the statement." })).ReadJsonAsync();

            var day0 = clock.GetUtcNow();
            Assert.Equal("found", (await CheckAsync(citationId)).GetProperty("quoteStatus").GetString());
            clock.Advance(TimeSpan.FromDays(10));
            site.Article = "The commission recorded forty-one cases of arbitrary detention in January.";
            Assert.Equal("altered", (await CheckAsync(citationId)).GetProperty("quoteStatus").GetString());
            clock.Advance(TimeSpan.FromDays(10));
            site.Article = "The commission published its annual report.";
            Assert.Equal("missing", (await CheckAsync(citationId)).GetProperty("quoteStatus").GetString());

            var snapshots = (await (await Client.GetAsync($"/api/citations/{citationId}/snapshots?pageSize=50")).ReadJsonAsync())
                .GetProperty("items").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).Order().ToList();
            Assert.Equal(3, snapshots.Count);
            return new Watched(citationId, quotingDocument.GetProperty("id").GetInt64(), plain.GetProperty("id").GetInt64(), day0, snapshots);
        }

        public async Task AccessedAsync(long documentId, long citationId, DateTimeOffset accessedAt)
        {
            var response = await Client.PatchAsync(
                $"/api/documents/{documentId}/citations/{citationId}", JsonContent.Create(new { accessedAt = accessedAt.ToString("O") }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public async Task<JsonElement> RobustLinkAsync(string path)
        {
            var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.ReadJsonAsync();
        }

        private async Task<JsonElement> CheckAsync(long id) => await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
            await Factory.DisposeAsync();
        }
    }
}
