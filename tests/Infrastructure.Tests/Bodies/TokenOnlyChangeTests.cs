using System.IO.Compression;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Export;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Bodies;

/// <summary>
/// A page whose bytes change only by a token each time it is served: each new body is kept as a delta against the first
/// one kept whole, costs a few hundred bytes, and reads back exactly through every read of evidence (the raw body, the
/// fixity run, the WARC export). Real checks of a real site on 127.0.0.1, into a real SQLite file.
/// </summary>
public sealed class TokenOnlyChangeTests : IAsyncLifetime
{
    private readonly List<byte[]> _served = [];
    private int _seed = 1;
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app => app.MapGet("/comunicado", () =>
        {
            var page = Pages.WithToken(Guid.NewGuid().ToString("N"), _seed);
            lock (_served)
            {
                _served.Add(page);
            }

            return Results.Bytes(page, "text/html; charset=utf-8");
        }));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    /// <summary>The bodies in the order they were stored: that of the first snapshot of each.</summary>
    private const string InStorageOrder =
        "FROM bodies b JOIN (SELECT sha256, MIN(id) AS first_id FROM snapshots GROUP BY sha256) s ON s.sha256 = b.sha256 ORDER BY s.first_id";

    [OnBothDatabases]
    public async Task EachTokenOnlyBody_IsADeltaOfTheFirstWholeBody_AndEveryReadGivesTheExactBytes()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/comunicado"));
        var checks = await CheckTimesAsync(services, id, 4);

        Assert.All(checks, c => Assert.Equal(CheckStatus.Ok, c.Status));
        Assert.All(checks, c => Assert.False(c.ContentChanged));
        await using var db = await services.OpenAsync();
        var bodies = (await db.QueryAsync<(string Sha256, string Encoding, string? BaseSha256, long Stored)>(
            $"SELECT b.sha256, b.encoding, b.base_sha256, LENGTH(b.data) {InStorageOrder}")).ToList();
        Assert.Equal(4, bodies.Count);
        Assert.NotEqual(BodyCodec.ZstdDelta, bodies[0].Encoding);
        Assert.Null(bodies[0].BaseSha256);
        Assert.All(bodies.Skip(1), b =>
        {
            Assert.Equal(BodyCodec.ZstdDelta, b.Encoding);
            Assert.Equal(bodies[0].Sha256, b.BaseSha256);
            Assert.True(b.Stored < 300, $"{b.Stored} bytes kept for a token-only change");
        });

        var snapshots = services.Get<SnapshotStore>();
        for (var i = 0; i < checks.Count; i++)
        {
            Assert.Equal(_served[i], (await snapshots.GetRawAsync(checks[i].SnapshotId!.Value, CancellationToken.None))!.Bytes);
        }

        var runId = await services.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None);
        var run = (await services.Get<FixityStore>().GetRunAsync(runId!.Value, CancellationToken.None))!;
        Assert.Equal((4, 0), (run.BodiesVerified, run.FailureCount));

        var warc = await ExportAsync(services, id);
        foreach (var served in _served.Take(checks.Count))
        {
            Assert.True(warc.AsSpan().IndexOf(served) >= 0, "a served body is not in the WARC export byte for byte");
        }
    }

    [OnBothDatabases]
    public async Task ABodyThatChangedMuch_IsKeptWhole_AndLaterDeltasAreMadeAgainstIt()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/comunicado"));
        await services.CheckedAsync(id);
        _seed = 2;
        var rewritten = await services.CheckedAsync(id);
        var afterIt = await services.CheckedAsync(id);

        Assert.True(rewritten.ContentChanged);
        await using var db = await services.OpenAsync();
        var bodies = (await db.QueryAsync<(string Sha256, string Encoding, string? BaseSha256)>(
            $"SELECT b.sha256, b.encoding, b.base_sha256 {InStorageOrder}")).ToList();
        Assert.Equal(3, bodies.Count);
        Assert.Equal([null, null], bodies.Take(2).Select(b => b.BaseSha256));
        Assert.Equal((BodyCodec.ZstdDelta, bodies[1].Sha256), (bodies[2].Encoding, bodies[2].BaseSha256));
        // A change is fetched again to be confirmed, so the last body served is the last one captured.
        Assert.Equal(_served[^1], (await services.Get<SnapshotStore>().GetRawAsync(afterIt.SnapshotId!.Value, CancellationToken.None))!.Bytes);
    }

    [OnBothDatabases]
    public async Task ADamagedBase_IsReportedByFixityForEveryBodyKeptAgainstIt()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/comunicado"));
        var checks = await CheckTimesAsync(services, id, 3);

        await using (var db = await services.OpenAsync())
        {
            await db.ExecuteAsync("UPDATE bodies SET data = @damaged WHERE base_sha256 IS NULL", new { damaged = new byte[] { 0x00, 0xff, 0x00, 0xff } });
        }

        var runId = await services.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None);

        var failures = await services.Get<FixityStore>().FailuresAsync(runId!.Value, CancellationToken.None);
        Assert.Equal(3, failures.Count);
        var dependents = failures.Where(f => f.Detail!.Contains("base body", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, dependents.Count);
        Assert.All(dependents, f => Assert.Equal(FixityProblems.Unreadable, f.Problem));
        await Assert.ThrowsAsync<DamagedEvidenceException>(
            () => services.Get<SnapshotStore>().GetRawAsync(checks[2].SnapshotId!.Value, CancellationToken.None));
    }

    private static async Task<List<CheckRow>> CheckTimesAsync(MonitorServices services, long id, int times)
    {
        var checks = new List<CheckRow>();
        for (var i = 0; i < times; i++)
        {
            checks.Add(await services.CheckedAsync(id));
        }

        return checks;
    }

    private static async Task<byte[]> ExportAsync(MonitorServices services, long citationId)
    {
        using var file = new MemoryStream();
        await services.Get<WarcExporter>().WriteAsync(
            file, new WarcScope { CitationId = citationId, Description = "token-only test" }, "test.warc.gz", CancellationToken.None);
        file.Position = 0;
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        return plain.ToArray();
    }
}
