using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A statement posted by its own address alone: fetched from a real site on loopback, read by its bytes, its own URL
/// watched as a citation marked <c>self</c>; a fetch that fails is a 422 saying how it ended, and nothing is stored.
/// </summary>
public sealed class DocumentFromAddressOutsideTests : OutsideApiTest
{
    private LoopbackServer _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/declaraciones/2021/declaracion.html", () => Results.Content(
                """
                <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Declaración sobre la caravana</title></head>
                <body><main><h1>Declaración sobre la caravana</h1>
                <p>Las organizaciones recuerdan <a href="/prensa/comunicado-27.html">el comunicado 27</a> de la Comisión.</p>
                <p>El <a href="anexo.pdf">anexo con los casos</a> acompaña esta declaración.</p>
                </main></body></html>
                """,
                "text/html; charset=utf-8"));
            app.MapGet("/informes/informe.pdf", () => Results.Bytes(PdfUploadOutsideTests.Statement(), "application/pdf"));
            app.MapGet("/declaraciones/retirada.html", () => Results.NotFound("No existe."));
            app.MapGet("/d/27", () => Results.Redirect("/declaraciones/2021/declaracion.html", permanent: true));
        });
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task APageAtItsAddress_IsFetchedAndRead_AndItsOwnUrlIsWatchedAsSelf()
    {
        var address = _site.Url("/declaraciones/2021/declaracion.html");

        var document = await PostJsonAsync("/api/documents", new { sourceUrl = address }, HttpStatusCode.Created);

        Assert.Equal("html", document.GetProperty("kind").GetString());
        Assert.Equal(address, Text(document, "sourceUrl"));
        Assert.Equal(
            new[] { address, _site.Url("/declaraciones/2021/anexo.pdf"), _site.Url("/prensa/comunicado-27.html") }.Order(StringComparer.Ordinal),
            Places(document).Select(p => p.GetProperty("url").GetString()).Order(StringComparer.Ordinal));
        var self = Assert.Single(Places(document), p => p.GetProperty("self").GetBoolean());
        Assert.Equal(address, self.GetProperty("url").GetString());
        Assert.All(Places(document).Where(p => p.GetProperty("url").GetString() != address), p => Assert.False(p.GetProperty("self").GetBoolean()));
        Assert.Contains("el comunicado 27", Text(PlaceOf(document, _site.Url("/prensa/comunicado-27.html")), "context")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAddressThatRedirects_ResolvesTheRelativeLinksAgainstWhereThePageIs()
    {
        var address = _site.Url("/d/27");

        var document = await PostJsonAsync("/api/documents", new { sourceUrl = address }, HttpStatusCode.Created);

        Assert.Equal(
            new[] { address, _site.Url("/declaraciones/2021/anexo.pdf"), _site.Url("/prensa/comunicado-27.html") }.Order(StringComparer.Ordinal),
            Places(document).Select(p => p.GetProperty("url").GetString()).Order(StringComparer.Ordinal));
        Assert.True(PlaceOf(document, address).GetProperty("self").GetBoolean());
    }

    [Fact]
    public async Task APdfAtItsAddress_IsReadAsAPdf_AndKeptAsItsOriginal()
    {
        var address = _site.Url("/informes/informe.pdf");

        var document = await PostJsonAsync("/api/documents", new { sourceUrl = address, title = "Informe" }, HttpStatusCode.Created);

        Assert.Equal("pdf", document.GetProperty("kind").GetString());
        Assert.Equal("Informe", document.GetProperty("title").GetString());
        Assert.Equal(9, document.GetProperty("citationCount").GetInt32());
        Assert.True(PlaceOf(document, address).GetProperty("self").GetBoolean());
        var original = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/original");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(PdfUploadOutsideTests.Statement(), await original.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnAddressThatAnswers404_Is422WithTheChecksStatusAndReason_AndNothingIsStored()
    {
        var response = await Client.PostJsonAsync("/api/documents", new { sourceUrl = _site.Url("/declaraciones/retirada.html") });

        var check = await Assert422Async(response);
        Assert.Equal("not_found", check.GetProperty("status").GetString());
        Assert.Equal("http_404", Text(check, "reason"));
        Assert.Equal(404, check.GetProperty("httpStatus").GetInt32());
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AnAddressWhereNothingListens_Is422ConnectionError_AndNothingIsStored()
    {
        var closed = ClosedPort();

        var response = await Client.PostJsonAsync("/api/documents", new { sourceUrl = $"http://127.0.0.1:{closed}/declaracion.html" });

        var check = await Assert422Async(response);
        Assert.Equal("connection_error", check.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(Text(check, "reason")));
        await AssertNothingStoredAsync();
    }

    private static async Task<JsonElement> Assert422Async(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("check");
    }

    /// <summary>A loopback port nothing listens on: one the system just gave out and that was closed again.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
