using System.Net;
using System.Net.Http.Headers;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// The home and documents pages over HTTP: HTML under the pages' own policy, in the browser's language, every string
/// from a document shown as text, filters that narrow the report, and a 404 page for a document that does not exist.
/// </summary>
public sealed class DocumentPagesTests : ApiTest
{
    private const string Hostile = "<script>alert(1)</script> & \"quotes\"";

    [Fact]
    public async Task Home_IsAPageUnderThePagesPolicy_InTheBrowsersLanguage()
    {
        using var english = await Client.GetAsync("/");
        var html = await english.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, english.StatusCode);
        Assert.Equal("text/html", english.Content.Headers.ContentType?.MediaType);
        var policy = english.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", english.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Sources at a glance", html, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("es-MX"));
        using var spanish = await Client.SendAsync(request);
        var spanishHtml = await spanish.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"es\">", spanishHtml, StringComparison.Ordinal);
        Assert.Contains("Las fuentes de un vistazo", spanishHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLanguageSwitch_RemembersTheChoice_AndGoesBackOnlyToThisSite()
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var switched = await client.GetAsync("/language?culture=es&returnUrl=%2Fdocuments");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/documents", switched.Headers.Location?.ToString());
        var cookie = switched.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith(".AspNetCore.Culture=c%3Des%7Cuic%3Des", cookie, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/documents");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        Assert.Contains("<html lang=\"es\">", await (await client.SendAsync(request)).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var elsewhere in new[] { "//evil.example/", "/\\evil.example/", "https://evil.example/" })
        {
            using var away = await client.GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(elsewhere)}");
            Assert.Equal("/", away.Headers.Location?.ToString());
        }
    }

    [Fact]
    public async Task AHostileTitle_ShowsAsText_OnEveryPageThatNamesIt()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = Hostile,
            text = "See https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp and javascript:alert(2).",
            sourceUrl = "https://www.example.org/statement",
        })).ReadJsonAsync();
        var id = document.GetProperty("id").GetInt64();

        foreach (var path in new[] { "/documents", $"/documents/{id}", "/?q=script" })
        {
            var html = await Client.GetStringAsync(path);
            Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"javascript:", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task TheDocumentPage_IsItsReport_FilteredAndSortedByItsForm()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Two sources",
            text = "First https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp here.\n\nThen https://www.gob.mx/sre/prensa/declaracion there.",
        })).ReadJsonAsync();
        var id = document.GetProperty("id").GetInt64();

        var all = await Client.GetStringAsync($"/documents/{id}");
        Assert.Contains("2 of 2 sources shown", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/documents/{id}/report.csv\"", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/documents/{id}/warc\"", all, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/changes.atom?documentId={id}\"", all, StringComparison.Ordinal);
        Assert.True(all.IndexOf("www.oas.org", StringComparison.Ordinal) < all.IndexOf("www.gob.mx/sre", StringComparison.Ordinal));

        var byAddress = await Client.GetStringAsync($"/documents/{id}?sort=source");
        Assert.True(byAddress.IndexOf("www.gob.mx/sre", StringComparison.Ordinal) < byAddress.IndexOf("www.oas.org/es", StringComparison.Ordinal));

        var searched = await Client.GetStringAsync($"/documents/{id}?q=gob.mx");
        Assert.Contains("1 of 2 sources shown", searched, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/citations/" + document.GetProperty("citations")[0].GetProperty("id").GetInt64() + "\"", searched, StringComparison.Ordinal);

        var healthy = await Client.GetStringAsync($"/documents/{id}?health=healthy");
        Assert.Contains("0 of 2 sources shown", healthy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownDocument_IsANotFoundPage()
    {
        using var response = await Client.GetAsync("/documents/987654");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Document not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsDocumentsByTitle_AndSourcesByAddress()
    {
        await Client.PostJsonAsync("/api/documents", new { title = "Informe sobre la frontera", text = "Ver https://www.cndh.org.mx/comunicado." });

        var html = await Client.GetStringAsync("/?q=frontera");
        Assert.Contains(">Informe sobre la frontera</a>", html, StringComparison.Ordinal);

        var byHost = await Client.GetStringAsync("/?q=cndh.org.mx");
        Assert.Contains("https://www.cndh.org.mx/comunicado", byHost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheJsonApi_StaysInEnglish_WhateverTheBrowserAsks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/citations?health=nope");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("es"));
        using var response = await Client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("is not one of", problem.ToString(), StringComparison.Ordinal);
    }
}
