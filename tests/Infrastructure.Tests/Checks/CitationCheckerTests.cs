using System.IO.Compression;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>The whole check, fetch to database, against a real loopback site and a real SQLite file.</summary>
public sealed class CitationCheckerTests : IAsyncLifetime
{
    private string _article = "The ministry closed the border crossing on Friday.";
    private string _banner = "Updated 09:00";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/article", () => Results.Content(
            $"<html><head><title>Border</title></head><body><main><p>{_article}</p></main><script>var t='{_banner}';</script></body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/big", () => Results.Text(new string('x', 50_000), "text/plain"));
        app.MapGet("/gzip", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("compressed evidence text"));
        });
        app.MapGet("/gone", () => Results.StatusCode(410));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [OnBothDatabases]
    public async Task ChangedText_RecordsChangeWithInsertedAndDeletedWords()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/article"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _article = "The ministry reopened the border crossing on Monday.";
        var check = await services.CheckedAsync(id);

        Assert.NotNull(check);
        Assert.True(check.ContentChanged);
        var changes = await services.Get<ChangeStore>().ListAsync(new ChangeFilter(CitationId: id), new PageRequest(), CancellationToken.None);
        var change = Assert.Single(changes.Items);
        Assert.Equal(2, change.InsertedWords);
        Assert.Equal(2, change.DeletedWords);
        Assert.Equal(check.SnapshotId, change.ToSnapshotId);
        var diff = change.Diff;
        Assert.Equal(["closed", "Friday."], diff.Where(d => d.Type == CitationMonitor.Domain.Text.DiffType.Delete).SelectMany(d => d.Text.Split(' ')));
        Assert.Equal(["reopened", "Monday."], diff.Where(d => d.Type == CitationMonitor.Domain.Text.DiffType.Insert).SelectMany(d => d.Text.Split(' ')));
        Assert.InRange(change.Similarity, 0.01, 0.99);
    }

    [OnBothDatabases]
    public async Task ChangedBytesWithSameText_RecordsNoChangeButANewBody()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/article"));
        var checker = services.Get<CitationChecker>();
        var first = await services.CheckedAsync(id);

        _banner = "Updated 10:30";
        var second = await services.CheckedAsync(id);

        Assert.False(second!.ContentChanged);
        var snapshots = services.Get<SnapshotStore>();
        var a = await snapshots.GetAsync(first!.SnapshotId!.Value, CancellationToken.None);
        var b = await snapshots.GetAsync(second.SnapshotId!.Value, CancellationToken.None);
        Assert.NotEqual(a!.Sha256, b!.Sha256);
        Assert.Equal(a.TextSha256, b.TextSha256);
        await using var connection = await services.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM changes"));
    }

    [OnBothDatabases]
    public async Task UnchangedPage_CostsNoNewBodyBytes()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/article"));
        var checker = services.Get<CitationChecker>();

        for (var i = 0; i < 3; i++)
        {
            await services.CheckedAsync(id);
        }

        await using var connection = await services.OpenAsync();
        Assert.Equal(3, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM snapshots"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM bodies"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM texts"));
    }

    [OnBothDatabases]
    public async Task StoredBody_IsCompressedAndComesBackByteForByte()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/big"));

        var check = await services.CheckedAsync(id);

        var raw = await services.Get<SnapshotStore>().GetRawAsync(check!.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal(new string('x', 50_000), Encoding.UTF8.GetString(raw!.Bytes));
        await using var connection = await services.OpenAsync();
        var stored = await connection.ExecuteScalarAsync<long>("SELECT LENGTH(data) FROM bodies");
        Assert.True(stored < 5_000, $"stored {stored} bytes for a 50,000-byte body");
    }

    [OnBothDatabases]
    public async Task GzipBody_IsStoredDecoded()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/gzip"));

        var check = await services.CheckedAsync(id);

        var text = await services.Get<SnapshotStore>().GetTextAsync(check!.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal("compressed evidence text", text);
    }

    [OnBothDatabases]
    public async Task BodyOverTheCap_IsKeptTruncated()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:MaxBodyBytes"] = "4096" });
        var id = await services.WatchAsync(_server.Url("/big"));

        var check = await services.CheckedAsync(id);

        var snapshot = await services.Get<SnapshotStore>().GetAsync(check!.SnapshotId!.Value, CancellationToken.None);
        Assert.True(snapshot!.Truncated);
        Assert.Equal(4096, snapshot.ByteLength);
        Assert.Equal(CheckStatus.Ok, check.Status);
    }

    [OnBothDatabases]
    public async Task RepeatedFailures_MakeTheCitationBrokenOnlyAfterTheThreshold()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Health:BrokenAfterFailures"] = "3",
            ["Monitor:Health:BrokenAfter"] = "00:00:00",
        });
        var id = await services.WatchAsync(_server.Url("/gone"));
        var checker = services.Get<CitationChecker>();
        var citations = services.Get<CitationStore>();

        var healths = new List<CitationHealth>();
        for (var i = 0; i < 3; i++)
        {
            await services.CheckedAsync(id);
            healths.Add((await citations.GetAsync(id, CancellationToken.None))!.Citation.Health);
        }

        Assert.Equal([CitationHealth.Degraded, CitationHealth.Degraded, CitationHealth.Broken], healths);
        var citation = (await citations.GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(3, citation.ConsecutiveFailures);
        Assert.Equal(CheckStatus.Gone, citation.LastStatus);
        Assert.Null(citation.LastOkAt);
    }

    [OnBothDatabases]
    public async Task ErrorPageAfterGoodPage_IsNotComparedAsAContentChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/article"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);
        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE citations SET normalized_url = @url WHERE id = @id", new { url = _server.Url("/gone"), id });
        }

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Gone, check!.Status);
        Assert.False(check.ContentChanged);
    }
}
