using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// A body byte for byte the same as the baseline's is not extracted again: its text is the baseline's, taken from
/// storage. Whatever else goes into a text still makes the body be read afresh: the Content-Type's charset (here), the
/// host's ignore selectors and the extractor's version (<see cref="ExtractorUpgradeTests"/>). Real checks of a real site on 127.0.0.1, into a real SQLite file.
/// </summary>
public sealed class UnchangedBodyTests : IAsyncLifetime
{
    // "Migración" in windows-1252: read as UTF-8 it is a replacement character, read as windows-1252 it is "ó".
    private static readonly byte[] Page = Encoding.Latin1.GetBytes(
        """
        <!doctype html><html><head><title>Informe sobre la caravana</title></head><body>
        <nav><a href="/">Inicio</a> <a href="/prensa">Prensa</a></nav>
        <main><h1>Informe sobre la caravana</h1>
        <p>La Comisión de Migración recibió a las personas de la caravana en la frontera sur el día de ayer.</p>
        <p>Las autoridades ofrecieron atención médica y alojamiento temporal a quienes lo solicitaron.</p></main>
        </body></html>
        """);

    private string _contentType = "text/html; charset=windows-1252";
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app => app.MapGet("/informe", () => Results.Bytes(Page, _contentType)));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task TheSameBodyAgain_HasTheBaselinesText_AndStoresNoNewText()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/informe"));
        var first = await services.CheckedAsync(id);
        var snapshots = services.Get<SnapshotStore>();
        var baseline = (await snapshots.GetAsync(first.SnapshotId!.Value, CancellationToken.None))!;

        var second = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, second.Status);
        Assert.False(second.ContentChanged);
        var captured = (await snapshots.GetAsync(second.SnapshotId!.Value, CancellationToken.None))!;
        Assert.Equal(
            (baseline.Sha256, baseline.TextSha256, baseline.Title, baseline.Kind, baseline.Extraction),
            (captured.Sha256, captured.TextSha256, captured.Title, captured.Kind, captured.Extraction));
        Assert.Equal(ContentExtractor.Extract(Page, _contentType).Text, await snapshots.GetTextAsync(captured.Id, CancellationToken.None));
        await using var db = await services.OpenAsync();
        Assert.Equal(1, await db.QuerySingleAsync<int>("SELECT COUNT(*) FROM texts"));
        Assert.Empty((await services.ChangesAsync(id)).Items);
    }

    [Fact]
    public async Task TheSameBytesUnderAnotherCharset_AreReadAfresh_AndTheirNewTextIsAChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/informe"));
        await services.CheckedAsync(id);

        _contentType = "text/html; charset=utf-8";
        var second = await services.CheckedAsync(id);

        var snapshots = services.Get<SnapshotStore>();
        var text = await snapshots.GetTextAsync(second.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal(ContentExtractor.Extract(Page, _contentType).Text, text);
        Assert.Contains("Migraci\uFFFDn", text, StringComparison.Ordinal);
        Assert.True(second.ContentChanged);
    }
}
