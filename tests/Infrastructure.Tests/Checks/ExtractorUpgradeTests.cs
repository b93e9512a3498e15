using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.Infrastructure.WebArchive;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// An upgrade of the extractor, or a change of a host's ignore selectors, raises no change: a baseline whose text was
/// extracted otherwise is read again from its stored bytes before it is compared. Real checks against a real site on
/// 127.0.0.1, over a real SQLite file into which a capture is written as an older monitor wrote it.
/// </summary>
public sealed class ExtractorUpgradeTests : IAsyncLifetime
{
    private const string ContentType = "text/html; charset=utf-8";
    private const string Menu = "Inicio Sala de prensa Contacto";
    private const string Related = "Relacionado: La frontera sur permanecerá cerrada hasta nuevo aviso.";
    private const string Footer = "Secretaría de Relaciones Exteriores · Todos los derechos reservados";
    private const string Closed = "El ministerio cerró el paso fronterizo de El Ceibo el viernes por la tarde.";
    private const string Reopened = "El ministerio reabrió el paso fronterizo de El Ceibo el viernes por la tarde.";

    private string _statement = Closed;
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app => app.MapGet("/comunicado", () => Results.Bytes(Page(_statement), ContentType)));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private string Url => _site.Url("/comunicado");

    /// <summary>The page as the site serves it: its menu, a related-news box and a footer around the statement.</summary>
    private static byte[] Page(string statement) => Encoding.UTF8.GetBytes(
        $"""
        <!doctype html><html><head><title>Cierre del paso fronterizo</title></head><body>
        <header><nav><a href="/">Inicio</a> <a href="/prensa">Sala de prensa</a> <a href="/contacto">Contacto</a></nav></header>
        <main>
        <h1>Cierre del paso fronterizo</h1>
        <p>{statement}</p>
        <p>Las personas que ya se encontraban en territorio nacional recibirán atención humanitaria en los albergues habilitados.</p>
        <p class="actualizado">Actualizado el 19 de enero de 2021</p>
        </main>
        <aside><p>{Related}</p></aside>
        <footer><p>{Footer}</p></footer>
        </body></html>
        """);

    /// <summary>The running extractor's text of a page, without ignore selectors.</summary>
    private static string TextOf(byte[] page) => ContentExtractor.Extract(page, ContentType).Text;

    /// <summary>What an older extractor kept of the page: its menu, related box and footer around the main text.</summary>
    private static string OldTextOf(byte[] page) => string.Join('\n', Menu, TextOf(page), Related, Footer);

    [OnBothDatabases]
    public void ThePage_IsReadWithoutItsFurnitureByTheRunningExtractor()
    {
        // What the tests below rest on: the text an older extractor stored is not the running one's for the same bytes.
        var text = TextOf(Page(Closed));

        Assert.Contains(Closed, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Inicio", text, StringComparison.Ordinal);
        Assert.DoesNotContain("permanecerá", text, StringComparison.Ordinal);
        Assert.DoesNotContain("derechos reservados", text, StringComparison.Ordinal);
        Assert.Contains("Actualizado", text, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task ADatabaseWrittenByTheOldExtractor_ThenACheckByTheNewOneOnUnchangedBytes_RecordsNoChange()
    {
        var logs = new LogRecorder();
        await using var services = await MonitorServices.StartAsync(configure: s => s.AddLogging(
            logging => logging.AddProvider(logs).AddFilter(typeof(BaselineTexts).FullName, LogLevel.Information)));
        var id = await services.WatchAsync(Url);
        var old = await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo | Cancillería", null);

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.False(check.ContentChanged);
        Assert.Empty((await services.ChangesAsync(id)).Items);
        var snapshots = services.Get<SnapshotStore>();
        var captured = (await snapshots.GetAsync(check.SnapshotId!.Value, CancellationToken.None))!;
        Assert.Equal(ContentExtractor.Stamp(null), captured.Extraction);
        Assert.Equal(TextOf(Page(Closed)), await snapshots.GetTextAsync(captured.Id, CancellationToken.None));
        Assert.NotEqual(old.TextSha256, captured.TextSha256);

        // The new capture is the baseline now: the next check compares with it as stored, and reads nothing again.
        Assert.Equal(captured.Id, (await snapshots.LatestOkAsync(id, CancellationToken.None))!.Id);
        Assert.False((await services.CheckedAsync(id)).ContentChanged);
        Assert.Empty((await services.ChangesAsync(id)).Items);
        var readAgain = Assert.Single(logs.Events, e => e.Category == typeof(BaselineTexts).FullName);
        Assert.Equal(old.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), readAgain.Values["SnapshotId"]);
        await using var db = await services.OpenAsync();
        Assert.Equal(0, await db.QuerySingleAsync<int>("SELECT change_count FROM citations WHERE id = @id", new { id }));
    }

    [OnBothDatabases]
    public async Task AfterTheUpgrade_APageWhoseMainTextReallyChanged_RecordsOneChangeNamingOnlyTheAlteredWords()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(Url);
        await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo", null);

        _statement = Reopened;
        var check = await services.CheckedAsync(id);

        Assert.True(check.ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal(ChangeKind.Content, change.Kind);
        Assert.Equal((1, 1), (change.InsertedWords, change.DeletedWords));
        Assert.Equal(["cerró"], Words(change, DiffType.Delete));
        Assert.Equal(["reabrió"], Words(change, DiffType.Insert));
        Assert.DoesNotContain(change.Diff, d => d.Text.Contains("Inicio", StringComparison.Ordinal) || d.Text.Contains("reservados", StringComparison.Ordinal));
    }

    [OnBothDatabases]
    public async Task AnIgnoreSelectorAddedForTheHost_OnUnchangedBytes_RecordsNoChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(Url);
        var first = await services.CheckedAsync(id);

        // The operator leaves the page's update line out from now on: the same bytes give another text.
        var configuration = (IConfigurationRoot)services.Configuration;
        configuration["Monitor:Noise:Hosts:127.0.0.1:IgnoreSelectors:0"] = "p.actualizado";
        configuration.Reload();
        var second = await services.CheckedAsync(id);

        Assert.False(second.ContentChanged);
        Assert.Empty((await services.ChangesAsync(id)).Items);
        var snapshots = services.Get<SnapshotStore>();
        var before = (await snapshots.GetAsync(first.SnapshotId!.Value, CancellationToken.None))!;
        var after = (await snapshots.GetAsync(second.SnapshotId!.Value, CancellationToken.None))!;
        Assert.Equal(ContentExtractor.Stamp(null), before.Extraction);
        Assert.Equal(ContentExtractor.Stamp(new ExtractionRules(["p.actualizado"])), after.Extraction);
        Assert.NotEqual(before.Extraction, after.Extraction);
        Assert.Equal(before.Sha256, after.Sha256);
        Assert.DoesNotContain("Actualizado", await snapshots.GetTextAsync(after.Id, CancellationToken.None), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task WhenTheStampsAreEqual_TheStoredTextIsComparedAsStored()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(Url);
        // Stamped as the running extractor, yet holding the furniture: nothing reads the bytes again to find out.
        var stored = await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo", ContentExtractor.Stamp(null));

        // The same bytes again have the stored text: they are not extracted again either.
        var same = await services.CheckedAsync(id);
        var snapshots = services.Get<SnapshotStore>();
        Assert.False(same.ContentChanged);
        Assert.Equal(stored.TextSha256, (await snapshots.GetAsync(same.SnapshotId!.Value, CancellationToken.None))!.TextSha256);

        // New bytes are extracted and compared with the stored text as it is.
        _statement = Reopened;
        var check = await services.CheckedAsync(id);

        Assert.True(check.ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal("reabrió", string.Join(' ', Words(change, DiffType.Insert)));
        Assert.Equal(string.Join(' ', Menu, "cerró", Related, Footer), string.Join(' ', Words(change, DiffType.Delete)));
    }

    [OnBothDatabasesTheory]
    [InlineData("missing")]
    [InlineData("damaged")]
    public async Task ARawBodyThatCannotBeReadAgain_LeavesTheStoredTextToCompare(string problem)
    {
        var logs = new LogRecorder();
        await using var services = await MonitorServices.StartAsync(configure: s => s.AddLogging(logging => logging.AddProvider(logs)));
        var id = await services.WatchAsync(Url);
        var old = await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo", null);
        await using (var db = await services.OpenAsync())
        {
            await db.AllowBrokenReferencesAsync();
            await db.ExecuteAsync(
                problem == "missing"
                    ? "DELETE FROM bodies WHERE sha256 = @Sha256"
                    : "UPDATE bodies SET encoding = 'identity', data = @html WHERE sha256 = @Sha256",
                new { old.Sha256, html = "<html>"u8.ToArray() });
        }

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.True(check.ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal(string.Join(' ', Menu, Related, Footer), string.Join(' ', Words(change, DiffType.Delete)));
        var warning = Assert.Single(logs.Events, e => e.Category == typeof(BaselineTexts).FullName && e.Level == LogLevel.Warning);
        Assert.Equal(old.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), warning.Values["SnapshotId"]);
        Assert.Equal(problem == "missing" ? FixityProblems.Missing : FixityProblems.Mismatch, warning.Values["Problem"]);
    }

    [OnBothDatabases]
    public async Task APassageTheOldExtractorReadInThePagesFurniture_MovesWithoutAQuoteChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(Url);
        await services.QuoteAsync(id, "La frontera sur permanecerá cerrada hasta nuevo aviso");
        await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo", null);
        await using (var db = await services.OpenAsync())
        {
            // The older monitor's last look found the passage in the text it kept.
            await db.ExecuteAsync("UPDATE places SET quote_status = 'found', quote_similarity = 1 WHERE citation_id = @id", new { id });
        }

        var check = await services.CheckedAsync(id);

        // The running extractor does not read the related box as the page's text: the passage is not there, on the
        // baseline's bytes as on the new ones, so nothing moved.
        Assert.Equal(QuoteStatus.Missing, check.QuoteStatus);
        Assert.Empty((await services.ChangesAsync(id)).Items);
        Assert.Equal(QuoteStatus.Missing, (await services.PlaceAsync(id)).QuoteStatus);
    }

    [OnBothDatabases]
    public async Task AWebArchiveBaselineOfTheSameBytesAsTheMonitorsOlderCapture_RecordsNoChange()
    {
        await using var archive = await ArchiveStandIn.StartAsync();
        await using var services = await MonitorServices.StartAsync(archive.Settings());
        archive.Add(Url, new DateTimeOffset(2021, 1, 18, 0, 0, 0, TimeSpan.Zero), Encoding.UTF8.GetString(Page(Closed)));
        var id = await services.CiteInPublishedDocumentAsync(Url, new DateTimeOffset(2021, 1, 19, 0, 0, 0, TimeSpan.Zero));
        await StoreAsOlderMonitorAsync(services, id, Page(Closed), OldTextOf(Page(Closed)), "Cierre del paso fronterizo", null);

        await services.Get<WebArchiveLinks>().RunDueAsync(CancellationToken.None);

        Assert.Empty((await services.ChangesAsync(id)).Items);
        await using var db = await services.OpenAsync();
        Assert.Equal(
            ContentExtractor.Stamp(null),
            await db.QuerySingleAsync<string>("SELECT extraction FROM snapshots WHERE citation_id = @id AND origin = 'web-archive'", new { id }));
    }

    private static IReadOnlyList<string> Words(Infrastructure.Changes.ChangeRow change, DiffType type) =>
        [.. change.Diff.Where(d => d.Type == type).SelectMany(d => d.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Stores a capture of the site's page as an older monitor wrote it (see <see cref="OlderMonitor"/>).</summary>
    private Task<SnapshotRow> StoreAsOlderMonitorAsync(
        MonitorServices services, long citationId, byte[] body, string text, string title, string? extraction) =>
        OlderMonitor.StoreCaptureAsync(services.Provider, citationId, Url, body, ContentType, text, title, extraction);
}
