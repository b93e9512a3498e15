using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

    private string _visible = "martes";

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informe", () => Results.Bytes(Page, _contentType));
            app.MapGet("/formulario", () => Results.Text(
                $"""
                <!doctype html><html><head><title>Formulario de denuncia</title></head><body>
                <!-- servido {Guid.NewGuid():N} -->
                <form><input type="hidden" name="csrf" value="{Guid.NewGuid():N}"><input name="q"></form>
                <main><h1>Denuncias</h1><p>La Comisión recibe denuncias el {_visible} de cada semana en su sede.</p></main>
                </body></html>
                """,
                "text/html; charset=utf-8"));
        });

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [OnBothDatabases]
    public async Task TheSameBodyAgain_HasTheBaselinesText_AndStoresNoNewText()
    {
        var reads = new CountedReads();
        await using var services = await MonitorServices.StartAsync(configure: reads.Register);
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

        // The first check had nothing to compare with; the second took the stored text instead of extracting.
        Assert.Equal([baseline.TextSha256], reads.Given);
    }

    [OnBothDatabasesTheory]
    [InlineData("DELETE FROM bodies", "")]
    [InlineData("UPDATE texts SET data = @bytes", "00ff00ff")]
    [InlineData("UPDATE texts SET encoding = 'identity', data = @bytes", "3c703e")]
    public async Task AStoredBodyOrTextThatIsMissingOrDamaged_IsNotReused_TheBodyIsReadAndKeptAgain(string damage, string hex)
    {
        var reads = new CountedReads();
        await using var services = await MonitorServices.StartAsync(configure: reads.Register);
        var id = await services.WatchAsync(_site.Url("/informe"));
        var first = await services.CheckedAsync(id);
        await using (var db = await services.OpenAsync())
        {
            await db.AllowBrokenReferencesAsync();
            await db.ExecuteAsync(damage, new { bytes = Convert.FromHexString(hex) });
        }

        var second = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, second.Status);
        Assert.False(second.ContentChanged);
        Assert.Empty(reads.Given);
        var snapshots = services.Get<SnapshotStore>();
        var captured = (await snapshots.GetAsync(second.SnapshotId!.Value, CancellationToken.None))!;
        Assert.Equal((await snapshots.GetAsync(first.SnapshotId!.Value, CancellationToken.None))!.TextSha256, captured.TextSha256);
        Assert.Equal(Page, (await snapshots.GetRawAsync(captured.Id, CancellationToken.None))!.Bytes);
    }

    [OnBothDatabases]
    public async Task TheSameBytesUnderAnotherCharset_AreReadAfresh_AndTheirNewTextIsAChange()
    {
        var reads = new CountedReads();
        await using var services = await MonitorServices.StartAsync(configure: reads.Register);
        var id = await services.WatchAsync(_site.Url("/informe"));
        await services.CheckedAsync(id);

        _contentType = "text/html; charset=utf-8";
        var second = await services.CheckedAsync(id);

        var snapshots = services.Get<SnapshotStore>();
        var text = await snapshots.GetTextAsync(second.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal(ContentExtractor.Extract(Page, _contentType).Text, text);
        Assert.Contains("Migraci\uFFFDn", text, StringComparison.Ordinal);
        Assert.True(second.ContentChanged);
        Assert.Equal(0, reads.Asked);
    }

    [OnBothDatabases]
    public async Task ABodyChangedOnlyInATokenOrAComment_HasTheBaselinesText_WithoutBeingExtracted()
    {
        var reads = new CountedReads();
        await using var services = await MonitorServices.StartAsync(configure: reads.Register);
        var id = await services.WatchAsync(_site.Url("/formulario"));
        var first = await services.CheckedAsync(id);
        var snapshots = services.Get<SnapshotStore>();
        var baseline = (await snapshots.GetAsync(first.SnapshotId!.Value, CancellationToken.None))!;

        var second = await services.CheckedAsync(id);

        Assert.False(second.ContentChanged);
        var captured = (await snapshots.GetAsync(second.SnapshotId!.Value, CancellationToken.None))!;
        Assert.NotEqual(baseline.Sha256, captured.Sha256);
        Assert.Equal((baseline.TextSha256, baseline.Title), (captured.TextSha256, captured.Title));
        Assert.Equal([baseline.TextSha256], reads.Given);
        var raw = (await snapshots.GetRawAsync(captured.Id, CancellationToken.None))!.Bytes;
        Assert.Equal(ContentExtractor.Extract(raw, "text/html; charset=utf-8").Text, await snapshots.GetTextAsync(captured.Id, CancellationToken.None));

        // A change of the text as well is read afresh, and is a change.
        _visible = "jueves";
        var third = await services.CheckedAsync(id);

        Assert.True(third.ContentChanged);
        Assert.Equal([baseline.TextSha256], reads.Given);
    }

    /// <summary>The stored content as the monitor has it, counting the texts it gives back to stand for a body.</summary>
    private sealed class CountedReads
    {
        private readonly List<string> _given = [];

        public int Asked { get; private set; }

        /// <summary>The hashes of the texts given back, in order.</summary>
        public IReadOnlyList<string> Given => _given;

        public void Register(IServiceCollection services) =>
            services.Replace(ServiceDescriptor.Singleton<IStoredContent>(provider => new Counting(provider.GetRequiredService<SnapshotStore>(), this)));

        private sealed class Counting(SnapshotStore store, CountedReads counts) : IStoredContent
        {
            public Task<(bool Body, bool Text)> StoredAsync(string bodySha256, string textSha256, CancellationToken cancellationToken) =>
                store.StoredAsync(bodySha256, textSha256, cancellationToken);

            public async Task<string?> ReusableTextAsync(string bodySha256, string textSha256, CancellationToken cancellationToken)
            {
                counts.Asked++;
                var text = await store.ReusableTextAsync(bodySha256, textSha256, cancellationToken);
                if (text is not null)
                {
                    counts._given.Add(textSha256);
                }

                return text;
            }

            public Task<StoredBody?> BodyAsync(string bodySha256, CancellationToken cancellationToken) =>
                store.BodyAsync(bodySha256, cancellationToken);
        }
    }
}
