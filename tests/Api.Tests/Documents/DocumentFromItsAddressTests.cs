using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>A statement given by its own address: fetched from a real loopback site, its sources and itself watched.</summary>
public sealed class DocumentFromItsAddressTests : SiteApiTest
{
    [OnBothDatabases]
    public async Task APageGivenByItsAddress_IsFetched_AndItsOwnUrlIsOneOfItsCitations()
    {
        Site.Article = "As the commission said (https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp), forty cases were recorded.";

        var response = await Client.PostJsonAsync("/api/documents", new { sourceUrl = Site.Url("/press/statement") });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var citations = document.GetProperty("citations").EnumerateArray().ToList();
        var self = Assert.Single(citations, c => c.GetProperty("self").GetBoolean());
        Assert.Equal(Site.Url("/press/statement"), self.GetProperty("normalizedUrl").GetString());
        Assert.Contains(citations, c => c.GetProperty("normalizedUrl").GetString() == "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp");
        Assert.Equal(Site.Url("/press/statement"), document.GetProperty("sourceUrl").GetString());
    }

    [OnBothDatabases]
    public async Task AnAddressThatDoesNotAnswer_Is422WithTheChecksStatus_AndNothingIsStored()
    {
        var response = await Client.PostJsonAsync("/api/documents", new { sourceUrl = Site.Url("/missing") });

        var problem = await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)422);
        Assert.Equal("not_found", problem.GetProperty("check").GetProperty("status").GetString());
        Assert.Equal(404, problem.GetProperty("check").GetProperty("httpStatus").GetInt32());
        Assert.Contains("nothing was stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task NeitherTextNorAddress_Is400NamingText()
    {
        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/documents", new { title = "Empty" }), HttpStatusCode.BadRequest, "text");
    }
}
