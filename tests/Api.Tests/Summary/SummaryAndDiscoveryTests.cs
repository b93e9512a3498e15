using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Summary;

public sealed class SummaryAndDiscoveryTests : SiteApiTest
{
    [OnBothDatabases]
    public async Task Summary_CountsByHealthStatusAndHost()
    {
        var ok = await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement") })).ReadJsonAsync();
        var missing = await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/missing") })).ReadJsonAsync();
        await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/never-checked" });
        await Client.PostAsync($"/api/citations/{ok.GetProperty("id").GetInt64()}/check", null);
        await Client.PostAsync($"/api/citations/{missing.GetProperty("id").GetInt64()}/check", null);

        var summary = await (await Client.GetAsync("/api/summary")).ReadJsonAsync();

        Assert.Equal(3, summary.GetProperty("citations").GetInt32());
        var byHealth = summary.GetProperty("byHealth");
        Assert.Equal(1, byHealth.GetProperty("healthy").GetInt32());
        Assert.Equal(1, byHealth.GetProperty("degraded").GetInt32());
        Assert.Equal(1, byHealth.GetProperty("unknown").GetInt32());
        Assert.Equal(0, byHealth.GetProperty("broken").GetInt32());
        var byStatus = summary.GetProperty("byStatus");
        Assert.Equal(1, byStatus.GetProperty("ok").GetInt32());
        Assert.Equal(1, byStatus.GetProperty("not_found").GetInt32());
        Assert.Equal(0, byStatus.GetProperty("soft_404").GetInt32());
        var hosts = summary.GetProperty("byHost").EnumerateArray().ToList();
        Assert.Equal("127.0.0.1", hosts[0].GetProperty("host").GetString());
        Assert.Equal(2, hosts[0].GetProperty("citations").GetInt32());
        Assert.Equal(0, hosts[0].GetProperty("broken").GetInt32());
        Assert.Equal(0, hosts[0].GetProperty("changed").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, summary.GetProperty("lastCheckAt").ValueKind);
        Assert.Equal(0, summary.GetProperty("changesLast7Days").GetInt32());
    }

    [OnBothDatabases]
    public async Task Summary_OnAnEmptyDatabase_IsAllZeros()
    {
        var response = await Client.GetAsync("/api/summary");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await response.ReadJsonAsync();
        Assert.Equal(0, summary.GetProperty("citations").GetInt32());
        Assert.Empty(summary.GetProperty("byHost").EnumerateArray());
        Assert.All(summary.GetProperty("byHealth").EnumerateObject(), pair => Assert.Equal(0, pair.Value.GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, summary.GetProperty("lastCheckAt").ValueKind);
    }

    [OnBothDatabases]
    public async Task Healthz_AnswersWhileTheDatabaseDoes() =>
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);

    [OnBothDatabases]
    public async Task OpenApiDocument_DescribesTheContractEndpoints()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[]
        {
            "/api/citations", "/api/citations/{id}", "/api/citations/{id}/checks", "/api/citations/{id}/snapshots",
            "/api/citations/{id}/changes", "/api/citations/{id}/check", "/api/snapshots/{id}", "/api/snapshots/{id}/raw",
            "/api/snapshots/{id}/text", "/api/changes", "/api/documents", "/api/documents/{id}", "/api/summary",
        })
        {
            Assert.Contains(path, paths);
        }
    }

    [OnBothDatabases]
    public async Task ReferencePage_IsServed()
    {
        var response = await Client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("openapi/v1.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task UnknownRoute_IsNotFoundProblem() =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
}
