using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>The scheduler asks the web archive on its own, after the scheduler's own check captured the source.</summary>
public sealed class WebArchiveJobTests
{
    [Fact]
    public async Task Scheduler_LinksAFirstCapturedSourceToItsArchivedCopy_OnItsOwn()
    {
        using var folder = new TestFolder();
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/page", () => Results.Content(
            "<html><head><title>Comunicado</title></head><body><main><p>The ministry closed the border on Friday.</p></main></body></html>",
            "text/html; charset=utf-8")));
        await using var archive = await ArchiveStandIn.StartAsync();
        var url = site.Url("/page");
        archive.Add(url, new DateTimeOffset(2024, 6, 1, 8, 0, 0, TimeSpan.Zero), "<html><body><p>The ministry closed the border on Friday.</p></body></html>");

        using var host = SchedulerHost.Build(new Dictionary<string, string?>(archive.Settings())
        {
            ["Monitor:DatabasePath"] = folder.DatabasePath,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:PollInterval"] = "00:00:00.200",
            ["Monitor:Archive:PollInterval"] = "00:00:00.200",
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
        });
        await host.StartAsync();
        try
        {
            await host.Services.GetRequiredService<CitationStore>().AddAsync(url, UrlNormalizer.Normalize(url), null, null, CancellationToken.None);

            var linked = await Eventually.TrueWithinAsync(async () => await ArchivedUrlAsync(folder) is not null, TimeSpan.FromSeconds(20));

            Assert.True(linked, "the citation never got its archived copy");
            Assert.Equal(archive.ReplayUrl(url, "20240601080000"), await ArchivedUrlAsync(folder));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<string?> ArchivedUrlAsync(TestFolder folder)
    {
        await using var db = new SqliteConnection($"Data Source={folder.DatabasePath}");
        return await db.ExecuteScalarAsync<string?>("SELECT archived_url FROM citations");
    }
}
