using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Sites;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>A source answering 304 to the validators of its last capture, and one that moved permanently, seen through the API.</summary>
public sealed class ConditionalCheckApiTests : ApiTest
{
    private ConditionalSite _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await ConditionalSite.StartAsync();
        _site.ETag = "\"statement-1\"";
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task NotModifiedCheck_IsListedOkWithNotModifiedAndNoSnapshot()
    {
        var id = await AddAsync(_site.Url("/article"));
        var first = await CheckAsync(id);
        Assert.Equal("\"statement-1\"", (await (await Client.GetAsync($"/api/snapshots/{first.GetProperty("snapshotId").GetInt64()}")).ReadJsonAsync())
            .GetProperty("etag").GetString());

        var second = await CheckAsync(id);

        Assert.True(second.GetProperty("notModified").GetBoolean());
        var checks = (await (await Client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync()).GetProperty("items");
        Assert.Equal(2, checks.GetArrayLength());
        var notModified = checks[0];
        Assert.Equal(second.GetProperty("id").GetInt64(), notModified.GetProperty("id").GetInt64());
        Assert.True(notModified.GetProperty("notModified").GetBoolean());
        Assert.Equal("ok", notModified.GetProperty("status").GetString());
        Assert.Equal(304, notModified.GetProperty("httpStatus").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, notModified.GetProperty("snapshotId").ValueKind);
        Assert.False(checks[1].GetProperty("notModified").GetBoolean());
        Assert.Equal(0, _site.Requests[^1].BodyBytes);

        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("healthy", citation.GetProperty("health").GetString());
        Assert.Equal(1, citation.GetProperty("snapshotCount").GetInt32());
        Assert.Equal(2, citation.GetProperty("checkCount").GetInt32());
    }

    [OnBothDatabases]
    public async Task PermanentlyMovedSource_ShowsWhereItLivesNow()
    {
        var id = await AddAsync(_site.Url("/old"));

        var check = await CheckAsync(id);

        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Equal(_site.Url("/article"), check.GetProperty("movedTo").GetString());
        var hop = Assert.Single(check.GetProperty("redirects").EnumerateArray());
        Assert.Equal(301, hop.GetProperty("httpStatus").GetInt32());
        Assert.False(hop.GetProperty("metaRefresh").GetBoolean());
        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("healthy", citation.GetProperty("health").GetString());
        Assert.Equal(_site.Url("/article"), citation.GetProperty("finalUrl").GetString());
        Assert.Equal(_site.Url("/article"), citation.GetProperty("movedTo").GetString());
    }

    private async Task<long> AddAsync(string url) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();

    private async Task<System.Text.Json.JsonElement> CheckAsync(long id) =>
        await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();
}
