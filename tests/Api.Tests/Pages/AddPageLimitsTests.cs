using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>The add page's upload keeps the API's file limit (<c>Monitor:Limits:MaxUploadBytes</c>) and says it as the API does.</summary>
public sealed class AddPageLimitsTests() : ApiTest(new Dictionary<string, string?> { ["Monitor:Limits:MaxUploadBytes"] = "1024" })
{
    [Fact]
    public async Task AFileOverTheLimit_Is413_NamingTheSetting_AndNothingIsStored()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var page = await browser.GetPageAsync("/add");
        Assert.Contains("Largest file: 1 KB.", Html.One(page.DocumentNode, "//section[@aria-labelledby='upload-heading']").InnerText, StringComparison.Ordinal);

        using var response = await browser.PostMultipartAsync("/add/document", ("long.txt", new byte[4096], "text/plain"),
            ("__token", PageSession.TokenOf(page)), ("title", "Too long"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var refused = await PageSession.PageOf(response);
        Assert.Contains("Monitor:Limits:MaxUploadBytes", Html.One(refused.DocumentNode, "//div[@id='document-problem']").InnerText, StringComparison.Ordinal);
        Assert.Equal("Too long", Html.One(refused.DocumentNode, "//input[@id='document-title']").GetAttributeValue("value", ""));
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ABodyOverTheLimitAndItsEnvelope_IsRefusedBeforeItIsRead()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var token = await browser.TokenFromAsync("/add");

        using var response = await browser.PostMultipartAsync("/add/document", ("huge.txt", new byte[200 * 1024], "text/plain"), ("__token", token));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }
}
