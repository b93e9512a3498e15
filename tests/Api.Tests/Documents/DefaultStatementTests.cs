using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

public sealed class DefaultStatementTests
{
    [OnBothDatabases]
    public async Task EmptyDatabase_WatchesTheBundledStatementsTenSources()
    {
        await using var factory = new MonitorApiFactory(new Dictionary<string, string?> { ["Monitor:SeedDefaultCitations"] = "true" });
        var client = factory.CreateClient();

        var citations = await (await client.GetAsync("/api/citations?pageSize=100")).ReadJsonAsync();
        var documents = await (await client.GetAsync("/api/documents")).ReadJsonAsync();

        Assert.Equal(10, citations.GetProperty("total").GetInt32());
        Assert.Equal(1, documents.GetProperty("total").GetInt32());
        var hosts = citations.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("host").GetString()).ToHashSet();
        Assert.Contains("www.oas.org", hosts);
        Assert.Contains("www.cbp.gov", hosts);
        Assert.Contains("twitter.com", hosts);
        var oas = citations.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("host").GetString() == "www.oas.org");
        Assert.Equal(2, Assert.Single(oas.GetProperty("documents").EnumerateArray()).GetProperty("occurrences").GetInt32());
    }

    [OnBothDatabases]
    public async Task SeedingIsSwitchedOff_NothingIsLoaded()
    {
        await using var factory = new MonitorApiFactory();
        var client = factory.CreateClient();

        var citations = await (await client.GetAsync("/api/citations")).ReadJsonAsync();

        Assert.Equal(0, citations.GetProperty("total").GetInt32());
    }
}
