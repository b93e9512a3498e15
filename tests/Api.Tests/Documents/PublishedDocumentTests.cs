using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Infrastructure.WebArchive;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// A document with its publication date: its sources' first change is measured from a web archive's capture closest to
/// that date (a loopback archive in the Wayback Machine's shapes), and the archived copy reaches the Citation and the report.
/// </summary>
public sealed class PublishedDocumentTests : IAsyncLifetime
{
    private const string CitedText = "The commission recorded forty cases of arbitrary detention in January and asked for an inquiry.";

    private ArchiveStandIn _archive = null!;
    private TestSite _site = null!;
    private MonitorApiFactory _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _archive = await ArchiveStandIn.StartAsync();
        _site = await TestSite.StartAsync();
        _api = new MonitorApiFactory(_archive.Settings());
        _client = _api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _site.DisposeAsync();
        await _archive.DisposeAsync();
    }

    [OnBothDatabasesTheory]
    [InlineData("19 de enero")]
    [InlineData("2021-13-40")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task PublishedAt_ThatIsNotADate_Is400NamingTheField_AndNothingIsStored(string publishedAt)
    {
        var response = await _client.PostJsonAsync("/api/documents", new { title = "Statement", text = "See https://example.org/a", publishedAt });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "publishedAt");
        var documents = await (await _client.GetAsync("/api/documents")).ReadJsonAsync();
        Assert.Equal(0, documents.GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task PublishedDocument_FirstChangeIsFromTheArchivedBaseline_AndTheReportCarriesTheArchivedCopy()
    {
        var url = _site.Url("/press/statement");
        _archive.Add(url, new DateTimeOffset(2021, 1, 18, 12, 0, 0, TimeSpan.Zero), $"<html><head><title>Press statement</title></head><body><main><p>{CitedText}</p></main></body></html>");

        var created = await _client.PostJsonAsync("/api/documents", new { title = "Caravan statement", text = $"As the commission said ({url}), ...", publishedAt = "2021-01-19" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = await created.ReadJsonAsync();
        Assert.Equal(new DateTimeOffset(2021, 1, 19, 0, 0, 0, TimeSpan.Zero), document.GetProperty("publishedAt").GetDateTimeOffset());
        var documentId = document.GetProperty("id").GetInt64();
        var citationId = document.GetProperty("citations")[0].GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"/api/citations/{citationId}/check", null)).StatusCode);
        await _api.Services.GetRequiredService<WebArchiveLinks>().RunDueAsync(CancellationToken.None);

        var snapshots = (await (await _client.GetAsync($"/api/citations/{citationId}/snapshots")).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(["monitor", "web-archive"], snapshots.EnumerateArray().Select(s => s.GetProperty("origin").GetString()));
        var archived = snapshots[1];
        Assert.Equal(_archive.ReplayUrl(url, "20210118120000"), archived.GetProperty("archiveUrl").GetString());
        Assert.Equal(new DateTimeOffset(2021, 1, 18, 12, 0, 0, TimeSpan.Zero), archived.GetProperty("archiveDatetime").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, snapshots[0].GetProperty("archiveUrl").ValueKind);

        var change = (await (await _client.GetAsync($"/api/citations/{citationId}/changes")).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(archived.GetProperty("id").GetInt64(), change.GetProperty("fromSnapshotId").GetInt64());
        Assert.Equal(snapshots[0].GetProperty("id").GetInt64(), change.GetProperty("toSnapshotId").GetInt64());

        var citation = await (await _client.GetAsync($"/api/citations/{citationId}")).ReadJsonAsync();
        Assert.Equal("healthy", citation.GetProperty("health").GetString());
        var archivedUrl = citation.GetProperty("archivedUrl").GetString();
        Assert.Equal(_archive.ReplayUrl(url, "20210118120000"), archivedUrl);
        Assert.Equal(new DateTimeOffset(2021, 1, 18, 12, 0, 0, TimeSpan.Zero), citation.GetProperty("archivedAt").GetDateTimeOffset());

        var report = await (await _client.GetAsync($"/api/documents/{documentId}/report")).ReadJsonAsync();
        Assert.Equal(archivedUrl, report.GetProperty("citations")[0].GetProperty("archivedUrl").GetString());
        Assert.True(report.GetProperty("citations")[0].GetProperty("changedSinceCited").GetBoolean());
        Assert.Equal(change.GetProperty("id").GetInt64(), report.GetProperty("citations")[0].GetProperty("changeSinceCitedId").GetInt64());
        var csv = (await _client.GetStringAsync($"/api/documents/{documentId}/report.csv")).Split("\r\n");
        Assert.Contains($",{archivedUrl},2021-01-18T12:00:00Z,", csv[1], StringComparison.Ordinal);
        Assert.StartsWith($"Caravan statement,{citationId},{url},\"As the commission said (", csv[1], StringComparison.Ordinal);
    }
}
