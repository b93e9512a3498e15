using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.WebArchive;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Tests.WebArchive;

/// <summary>
/// Archived copies, baselines at citation time and submissions, against a real site and a loopback web archive that
/// answers in the Wayback Machine's JSON shapes.
/// </summary>
public sealed class WebArchiveLinksTests : IAsyncLifetime
{
    private const string CitedText = "The ministry closed the northern border crossing on Friday and suspended all asylum hearings.";
    private const string LiveText = "The ministry reopened the northern border crossing on Monday and resumed all asylum hearings.";

    private static readonly DateTimeOffset PublishedAt = new(2021, 1, 19, 0, 0, 0, TimeSpan.Zero);

    private string _article = LiveText;
    private int _status = StatusCodes.Status200OK;
    private LoopbackServer _site = null!;
    private ArchiveStandIn _archive = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(app => app.MapGet("/statement", () => Results.Content(Page(_article), "text/html; charset=utf-8", statusCode: _status)));
        _archive = await ArchiveStandIn.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _archive.DisposeAsync();
        await _site.DisposeAsync();
    }

    private static string Page(string text) =>
        $"<!doctype html><html><head><title>Comunicado</title></head><body><main><p>{text}</p></main></body></html>";

    private string Url => _site.Url("/statement");

    [OnBothDatabases]
    public async Task FirstCapture_KeepsTheArchivedCopyClosestToFirstSeen_AndAsksOnce()
    {
        await using var services = await MonitorServices.StartAsync(_archive.Settings());
        _archive.Add(Url, new DateTimeOffset(2019, 5, 1, 10, 0, 0, TimeSpan.Zero), Page(CitedText));
        _archive.Add(Url, TimeProvider.System.GetUtcNow().AddDays(-2), Page(LiveText));
        var id = await services.WatchAsync(Url);
        var links = services.Get<WebArchiveLinks>();

        await links.RunDueAsync(CancellationToken.None);
        Assert.Empty(_archive.Requests); // never captured yet: nothing to link

        await services.CheckedAsync(id);
        await links.RunDueAsync(CancellationToken.None);

        var (archivedUrl, archivedAt, createdAt) = await CitationArchiveAsync(services, id);
        var expectedStamp = TimeProvider.System.GetUtcNow().AddDays(-2);
        Assert.NotNull(archivedAt);
        Assert.InRange(archivedAt.Value, expectedStamp.AddMinutes(-2), expectedStamp.AddMinutes(2));
        Assert.Equal(_archive.ReplayUrl(Url, ArchiveTimestamps.Format(archivedAt.Value)), archivedUrl);
        var asked = Assert.Single(_archive.Requests);
        Assert.StartsWith("/wayback/available?url=" + Uri.EscapeDataString(Url) + "&timestamp=" + ArchiveTimestamps.Format(createdAt), asked, StringComparison.Ordinal);

        await services.CheckedAsync(id);
        await links.RunDueAsync(CancellationToken.None);
        Assert.Single(_archive.Requests);
    }

    [OnBothDatabases]
    public async Task TurningBroken_AsksTheArchiveAgain()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>(_archive.Settings())
        {
            ["Monitor:Health:BrokenAfterFailures"] = "1",
            ["Monitor:Health:BrokenAfter"] = "00:00:00",
        });
        var id = await services.WatchAsync(Url);
        var links = services.Get<WebArchiveLinks>();
        await services.CheckedAsync(id);
        await links.RunDueAsync(CancellationToken.None);
        Assert.Null((await CitationArchiveAsync(services, id)).ArchivedUrl); // the archive had nothing then
        Assert.Single(_archive.Requests);

        _archive.Add(Url, TimeProvider.System.GetUtcNow().AddDays(-1), Page(LiveText));
        _status = StatusCodes.Status404NotFound;
        await services.CheckedAsync(id);
        await using (var db = await services.OpenAsync())
        {
            Assert.Equal("broken", await db.QuerySingleAsync<string>("SELECT health FROM citations WHERE id = @id", new { id }));
        }

        await links.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, _archive.Requests.Count);
        Assert.NotNull((await CitationArchiveAsync(services, id)).ArchivedUrl);
    }

    [OnBothDatabases]
    public async Task ArchiveFailing_NeverFailsACheck_AndIsTriedAgainAfterBackOff()
    {
        var clock = new MovableClock();
        var settings = _archive.Settings();

        // A back-off long enough that the second round below always falls inside it, however slow the machine; the
        // clock is put past it afterwards.
        settings["Monitor:Archive:RetryBaseDelay"] = "00:00:05";
        await using var services = await MonitorServices.StartAsync(settings, configure: s => s.AddSingleton<TimeProvider>(clock));
        _archive.Add(Url, TimeProvider.System.GetUtcNow().AddDays(-1), Page(LiveText));
        _archive.FailWith = StatusCodes.Status503ServiceUnavailable;
        var id = await services.CheckedAsync(await services.WatchAsync(Url)) is { Status: CheckStatus.Ok } check ? check.CitationId : 0;
        Assert.NotEqual(0, id);
        var links = services.Get<WebArchiveLinks>();

        await links.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, _archive.Requests.Count); // one retry, no more
        await using (var db = await services.OpenAsync())
        {
            var work = await db.QuerySingleAsync<(int Attempts, string? DoneAt, string? LastError)>(
                "SELECT attempts, done_at, last_error FROM archive_work WHERE citation_id = @id AND kind = 'link'", new { id });
            Assert.Equal((1, (string?)null, "http_503"), work);
        }

        await links.RunDueAsync(CancellationToken.None);
        Assert.Equal(2, _archive.Requests.Count); // backing off

        _archive.FailWith = null;
        clock.Advance(TimeSpan.FromSeconds(6));
        await links.RunDueAsync(CancellationToken.None);
        Assert.NotNull((await CitationArchiveAsync(services, id)).ArchivedUrl);
    }

    [OnBothDatabases]
    public async Task FirstCheck_OfACitationWithAPublishedDocument_ComparesWithTheArchivedBaseline()
    {
        await using var services = await MonitorServices.StartAsync(_archive.Settings());
        var citedAt = new DateTimeOffset(2021, 1, 18, 9, 30, 0, TimeSpan.Zero);
        _archive.Add(Url, new DateTimeOffset(2016, 3, 1, 0, 0, 0, TimeSpan.Zero), Page("An older version nobody cited."));
        _archive.Add(Url, citedAt, Page(CitedText));
        var id = await CiteInPublishedDocumentAsync(services);

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.True(check.ContentChanged);
        var snapshots = (await services.Get<SnapshotStore>().ListForCitationAsync(id, new PageRequest(), CancellationToken.None)).Items;
        Assert.Equal(2, snapshots.Count);
        var (live, archived) = (snapshots[0], snapshots[1]);
        Assert.Equal(("monitor", "web-archive"), (live.Origin, archived.Origin));
        Assert.Equal(_archive.ReplayUrl(Url, "20210118093000"), archived.ArchiveUrl);
        Assert.Equal(citedAt, archived.ArchiveDatetime);
        Assert.Equal(_archive.Bytes(Url, "20210118093000"), (await services.Get<SnapshotStore>().GetRawAsync(archived.Id, CancellationToken.None))!.Bytes);
        Assert.Contains(_archive.Requests, r => r.StartsWith("/cdx/search/cdx?", StringComparison.Ordinal) && r.Contains("&closest=20210119000000", StringComparison.Ordinal));

        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal((archived.Id, live.Id, ChangeKind.Content), (change.FromSnapshotId, change.ToSnapshotId, change.Kind));
        Assert.Contains(change.Diff, d => d.Type == DiffType.Delete && d.Text.Contains("closed", StringComparison.Ordinal));
        Assert.Contains(change.Diff, d => d.Type == DiffType.Insert && d.Text.Contains("reopened", StringComparison.Ordinal));

        // The monitor's own capture is the baseline from now on: the same live text is no change.
        await services.CheckedAsync(id);
        Assert.Single((await services.ChangesAsync(id)).Items);
        await using var db = await services.OpenAsync();
        var counts = await db.QuerySingleAsync<(int Snapshots, int Changes, int Checks)>(
            "SELECT snapshot_count, change_count, check_count FROM citations WHERE id = @id", new { id });
        Assert.Equal((3, 1, 2), counts);
    }

    [OnBothDatabases]
    public async Task BaselineArrivingAfterChecks_RecordsTheChangeFromItToTheLatestCapture_AndNotifiesIt()
    {
        var clock = new MovableClock();
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>(_archive.Settings())
        {
            // Queued only: no scheduler runs here to send it.
            ["Monitor:Webhooks:0:Url"] = "http://127.0.0.1:9/hook",
            ["Monitor:Webhooks:0:Secret"] = "s3cret",
            ["Monitor:Webhooks:0:Events:0"] = "change",
        }, configure: s => s.AddSingleton<TimeProvider>(clock));
        _archive.Add(Url, new DateTimeOffset(2021, 1, 10, 0, 0, 0, TimeSpan.Zero), Page(CitedText));
        _archive.FailWith = StatusCodes.Status502BadGateway;
        var id = await CiteInPublishedDocumentAsync(services);

        var first = await services.CheckedAsync(id);
        Assert.Equal(CheckStatus.Ok, first.Status);
        Assert.Empty((await services.ChangesAsync(id)).Items);

        _archive.FailWith = null;
        clock.Advance(TimeSpan.FromSeconds(6));
        await services.Get<WebArchiveLinks>().RunDueAsync(CancellationToken.None);

        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal(first.SnapshotId, change.ToSnapshotId);
        var from = await services.Get<SnapshotStore>().GetAsync(change.FromSnapshotId, CancellationToken.None);
        Assert.Equal("web-archive", from!.Origin);
        Assert.Equal(ChangeKind.Content, change.Kind);

        // Later checks still compare with the monitor's own capture, not with the archived one.
        await services.CheckedAsync(id);
        Assert.Single((await services.ChangesAsync(id)).Items);
        await using var db = await services.OpenAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("SELECT change_count FROM citations WHERE id = @id", new { id }));
        var payload = Assert.Single(await db.QueryAsync<string>("SELECT payload FROM webhook_deliveries WHERE event = 'change'"));
        Assert.Contains($"\"id\":{change.Id},", payload, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task NoArchivedCapture_TheFirstCheckIsTheBaseline_AndTheArchiveIsNotAskedAgain()
    {
        await using var services = await MonitorServices.StartAsync(_archive.Settings());
        var id = await CiteInPublishedDocumentAsync(services);

        await services.CheckedAsync(id);
        await services.Get<WebArchiveLinks>().RunDueAsync(CancellationToken.None);

        Assert.Single(_archive.Requests, r => r.StartsWith("/cdx/", StringComparison.Ordinal));
        await using var db = await services.OpenAsync();
        Assert.Equal("no_capture", await db.QuerySingleAsync<string>(
            "SELECT last_error FROM archive_work WHERE citation_id = @id AND kind = 'baseline'", new { id }));
        Assert.Equal(1, await db.QuerySingleAsync<int>("SELECT COUNT(*) FROM snapshots WHERE citation_id = @id", new { id }));
    }

    [OnBothDatabases]
    public async Task SaveEndpoint_GetsEachFirstCaptureOnce()
    {
        await using var services = await MonitorServices.StartAsync(_archive.Settings(save: true));
        var id = await services.WatchAsync(Url);
        await services.CheckedAsync(id);
        var links = services.Get<WebArchiveLinks>();

        await links.RunDueAsync(CancellationToken.None);
        await services.CheckedAsync(id);
        await links.RunDueAsync(CancellationToken.None);

        Assert.Equal("/save/" + Url, Assert.Single(_archive.Requests, r => r.StartsWith("/save/", StringComparison.Ordinal)));
    }

    [OnBothDatabases]
    public async Task Disabled_NothingIsAsked()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>(_archive.Settings(save: true))
        {
            ["Monitor:Archive:Enabled"] = "false",
        });
        _archive.Add(Url, new DateTimeOffset(2021, 1, 10, 0, 0, 0, TimeSpan.Zero), Page(CitedText));
        var id = await CiteInPublishedDocumentAsync(services);

        await services.CheckedAsync(id);
        await services.Get<WebArchiveLinks>().RunDueAsync(CancellationToken.None);

        Assert.Empty(_archive.Requests);
    }

    [OnBothDatabasesTheory]
    [InlineData("CdxEndpoint", "ftp://archive.example/cdx")]
    [InlineData("AvailabilityEndpoint", "/wayback/available")]
    [InlineData("SaveEndpoint", "not a url")]
    [InlineData("Timeout", "00:00:00")]
    public async Task BadArchiveSettings_AreRefusedNamingTheKey(string key, string value)
    {
        var settings = new Dictionary<string, string?>(_archive.Settings()) { [$"Monitor:Archive:{key}"] = value };
        await using var services = await MonitorServices.StartAsync(settings, migrate: false);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.Get<Microsoft.Extensions.Options.IOptions<Options.ArchiveOptions>>().Value);

        Assert.Contains(error.Failures, failure => failure.Contains($"Monitor:Archive:{key} must", StringComparison.Ordinal));
    }

    private Task<long> CiteInPublishedDocumentAsync(MonitorServices services) => services.CiteInPublishedDocumentAsync(Url, PublishedAt);

    private static async Task<(string? ArchivedUrl, DateTimeOffset? ArchivedAt, DateTimeOffset CreatedAt)> CitationArchiveAsync(MonitorServices services, long id)
    {
        await using var db = await services.OpenAsync();
        return await db.QuerySingleAsync<(string?, DateTimeOffset?, DateTimeOffset)>(
            "SELECT archived_url, archived_at, created_at FROM citations WHERE id = @id", new { id });
    }
}
