using System.Diagnostics;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Fixtures;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Measurements.Tests.Hostile;

/// <summary>
/// Whole checks (fetch, text extraction, snapshot into a real SQLite file) of bodies built to hurt the parsers: each
/// ends in a stored snapshot and a defined status, in bounded time, and the process lives on.
/// </summary>
public sealed class HostileBodyCheckTests
{
    // Extraction is CPU work outside the fetch's Timeout: a 10 MB page of half a million elements takes seconds, more on a
    // busy machine; the bound only says it ends.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task HundredThousandNestedDivs_AreCheckedWithoutOverflowingTheStack()
    {
        const int depth = 100_000;
        var html = "<html><head><title>Profundo</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", depth))
            + "<p>Declaración en lo más hondo.</p>" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        var (check, snapshot, text) = await CheckAsync("text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal("html", snapshot.Kind);
        Assert.Contains("Declaración en lo más hondo.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenMegabyteSingleLineHtml_IsCheckedAndItsTextKept()
    {
        var line = new StringBuilder("<html><head><title>Una línea</title></head><body>");
        while (line.Length < 10 * 1024 * 1024)
        {
            line.Append("<span>palabra</span> <b>informe</b> ");
        }

        line.Append("<p>fin del documento</p></body></html>");

        var (check, snapshot, text) = await CheckAsync("text/html", Encoding.UTF8.GetBytes(line.ToString()));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.False(snapshot.Truncated);
        Assert.Equal(Encoding.UTF8.GetByteCount(line.ToString()), snapshot.ByteLength);
        Assert.StartsWith("palabra informe palabra informe", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8InAPageDeclaredUtf8_BecomesReplacementCharacters()
    {
        byte[] body = [.. "<html><body><p>Informe "u8, 0xC3, 0x28, 0xFF, .. " final</p></body></html>"u8];

        var (check, _, text) = await CheckAsync("text/html; charset=utf-8", body);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Contains("Informe \uFFFD(\uFFFD final", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CharsetThatLies_DecodesAsDeclaredWithoutFailing()
    {
        // Windows-1252 bytes ("Región") served as UTF-8: the é byte alone is no UTF-8.
        var body = Encoding.Latin1.GetBytes("<html><body><p>Región Norte</p></body></html>");

        var (check, snapshot, text) = await CheckAsync("text/html; charset=utf-8", body);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(body.Length, snapshot.ByteLength);
        Assert.Equal("Regi\uFFFDn Norte", text);
    }

    [Fact]
    public async Task PdfThatIsNotAPdf_IsKeptAsAPdfWithNoText()
    {
        var body = Encoding.UTF8.GetBytes("<html><body><p>Esto no es un PDF.</p></body></html>");

        var (check, snapshot, text) = await CheckAsync("application/pdf", body);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal("pdf", snapshot.Kind);
        Assert.Equal("", text);
    }

    [Fact]
    public async Task TruncatedPdf_IsKeptByteForByteWhateverTextSurvives()
    {
        var pdf = FixturePdfs.Original();
        var half = pdf[..(pdf.Length / 2)];

        var (check, snapshot, _) = await CheckAsync("application/pdf", half);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal("pdf", snapshot.Kind);
        Assert.Equal(BodyCodec.Sha256Hex(half), snapshot.Sha256);
    }

    [Fact]
    public async Task DecompressionBomb_IsStoredCutAtTheCapAndMarkedTruncated()
    {
        await using var server = await LoopbackServer.StartAsync(HostileSite.Map);
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxBodyBytes"] = (4 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Fetch:RetryAttempts"] = "0",
        });
        var id = await services.WatchAsync(server.Url("/bomb.br"));

        var check = await services.CheckedAsync(id);
        var snapshot = (await services.Get<SnapshotStore>().GetAsync(check.SnapshotId!.Value, CancellationToken.None))!;
        var raw = (await services.Get<SnapshotStore>().GetRawAsync(snapshot.Id, CancellationToken.None))!;

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.True(snapshot.Truncated);
        Assert.Equal(4 * 1024 * 1024, snapshot.ByteLength);
        Assert.Equal(snapshot.Sha256, BodyCodec.Sha256Hex(raw.Bytes));
    }

    /// <summary>Serves <paramref name="body"/> as is and checks it through the real checker; returns the check, snapshot and text.</summary>
    private static async Task<(CheckRow Check, SnapshotRow Snapshot, string Text)> CheckAsync(string contentType, byte[] body)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", async (HttpContext context) =>
        {
            context.Response.ContentType = contentType;
            await context.Response.Body.WriteAsync(body);
        }));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:Timeout"] = "00:00:30" });
        var id = await services.WatchAsync(server.Url("/doc"));

        var clock = Stopwatch.StartNew();
        var check = await services.CheckedAsync(id);
        Assert.True(clock.Elapsed < Bound, $"the check took {clock.Elapsed}");

        var snapshots = services.Get<SnapshotStore>();
        var snapshot = (await snapshots.GetAsync(check.SnapshotId!.Value, CancellationToken.None))!;
        return (check, snapshot, (await snapshots.GetTextAsync(snapshot.Id, CancellationToken.None))!);
    }
}
