using System.Diagnostics;
using CitationMonitor.Domain.Checks;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Measurements.Tests.WebArchive;

/// <summary>
/// A web archive slower than its timeout, asked for the baseline of a source's first check: the check waits for it no
/// longer than the timeout, against the clock (the rest of the web-archive behaviour is in WebArchiveLinksTests).
/// </summary>
public sealed class SlowArchiveTests
{
    private const string CitedText = "The ministry closed the northern border crossing on Friday and suspended all asylum hearings.";
    private const string LiveText = "The ministry reopened the northern border crossing on Monday and resumed all asylum hearings.";

    private static readonly DateTimeOffset PublishedAt = new(2021, 1, 19, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SlowArchive_DelaysAFirstCheckAtMostByItsTimeout()
    {
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/statement", () => Results.Content(Page(LiveText), "text/html; charset=utf-8")));
        await using var archive = await ArchiveStandIn.StartAsync();
        var url = site.Url("/statement");
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>(archive.Settings())
        {
            ["Monitor:Archive:Timeout"] = "00:00:00.500",
        });
        archive.Add(url, new DateTimeOffset(2021, 1, 10, 0, 0, 0, TimeSpan.Zero), Page(CitedText));
        archive.Delay = TimeSpan.FromSeconds(10);
        var id = await services.CiteInPublishedDocumentAsync(url, PublishedAt);

        var clock = Stopwatch.StartNew();
        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the check took {clock.Elapsed}");
        Assert.Empty((await services.ChangesAsync(id)).Items);
    }

    private static string Page(string text) =>
        $"<!doctype html><html><head><title>Comunicado</title></head><body><main><p>{text}</p></main></body></html>";
}
