using System.Net;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// Every form of the pages is refused before it writes anything when its anti-forgery token is missing or belongs to
/// another browser (a page saying so, 400), and, while no API key is configured, when it comes from another machine
/// (403), as the API's writes are.
/// </summary>
public sealed class FormSafetyTests : ApiTest
{
    private const string RemoteAddress = "203.0.113.9";

    public static TheoryData<string> Forms => new() { "/add/document", "/add/text", "/add/url", "/citations/1/check" };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task APostWithoutAToken_IsRefusedWithAPageSayingSo_AndNothingIsStored(string action)
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await browser.GetPageAsync("/add"); // the anti-forgery cookie, without its token in the form

        using var response = await PostAsync(browser, action, token: null);

        await AssertForgedAsync(response);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task APostWithAnotherBrowsersToken_IsRefused_AndNothingIsStored(string action)
    {
        var someoneElse = new PageSession(PageSession.ClientFor(Factory));
        var theirToken = await someoneElse.TokenFromAsync("/add");
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await browser.GetPageAsync("/add");

        using var response = await PostAsync(browser, action, theirToken);

        await AssertForgedAsync(response);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task APostWithATokenButWithoutItsCookie_AsFromAnotherSite_IsRefused()
    {
        var token = await new PageSession(PageSession.ClientFor(Factory)).TokenFromAsync("/add");
        var crossSite = new PageSession(PageSession.ClientFor(Factory)); // SameSite=Strict: no cookie rides along

        using var response = await PostAsync(crossSite, "/add/url", token);

        await AssertForgedAsync(response);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task APostFromAnotherMachine_WhileNoKeyIsConfigured_Is403_AndNothingIsStored(string action)
    {
        var remote = new PageSession(PageSession.ClientFor(Factory), RemoteAddress);
        var page = await remote.GetPageAsync("/add");
        Assert.Contains("only from a browser on the machine", Html.One(page.DocumentNode, "//main/p[@class='alert']").InnerText, StringComparison.Ordinal);

        using var response = await PostAsync(remote, action, PageSession.TokenOf(page));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var refusal = await PageSession.PageOf(response);
        Assert.Equal("Changes only from this machine", Html.One(refusal.DocumentNode, "//h1").InnerText);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task TheRefusalPage_SendsTheSameHeadersAsThePages()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));

        using var response = await PostAsync(browser, "/add/url", token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // Its language switch goes back to the page the form was on, not to the form's address.
        var page = await PageSession.PageOf(response);
        Assert.Equal("/language?culture=es&returnUrl=%2Fadd", System.Net.WebUtility.HtmlDecode(Html.One(page.DocumentNode, "//a[@hreflang='es']").GetAttributeValue("href", "")));
    }

    [Fact]
    public async Task TheFormEndpoints_KeepTheApisBodyLimits_AndStayOutOfTheOpenApiDocument()
    {
        var limits = Factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<InputLimitsOptions>>().Value;
        var endpoints = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        long? Limit(string pattern) => endpoints.Single(e => e.RoutePattern.RawText == pattern && e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Contains("POST"))
            .Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize;

        Assert.Equal(limits.MaxUploadBytes + InputLimits.UploadEnvelopeBytes, Limit("/add/document"));
        Assert.Equal(limits.MaxDocumentBytes, Limit("/add/text"));
        Assert.NotNull(Limit("/add/url"));
        Assert.NotNull(Limit("/citations/{id}/check"));

        var openApi = await Client.GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("\"/add", openApi, StringComparison.Ordinal);
        Assert.DoesNotContain("\"/citations/{id}/check\"", openApi, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(PageSession browser, string action, string? token)
    {
        var fields = new List<(string, string)>();
        if (token is not null)
        {
            fields.Add(("__token", token));
        }

        switch (action)
        {
            case "/add/document":
                return browser.PostMultipartAsync(action, ("notes.txt", "See https://example.org/a\n"u8.ToArray(), "text/plain"), [.. fields]);
            case "/add/text":
                fields.AddRange([("title", "Forged"), ("text", "See https://example.org/a")]);
                return browser.PostMultipartAsync(action, null, [.. fields]);
            case "/add/url":
                fields.Add(("url", "https://example.org/forged"));
                return browser.PostFormAsync(action, [.. fields]);
            default:
                return browser.PostFormAsync(action, [.. fields]);
        }
    }

    private static async Task AssertForgedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Equal("This form was not sent from this site", Html.One(page.DocumentNode, "//h1").InnerText);
        Assert.Contains("anti-forgery token", Html.One(page.DocumentNode, "//*[@role='alert']").InnerText, StringComparison.Ordinal);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, (await (await Client.GetAsync("/api/citations")).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await Client.GetAsync("/api/changes")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }
}
