using System.IO.Compression;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

public sealed class PageFetcherContentTests
{
    private const string Page = "<!doctype html><html><head><title>Informe</title></head><body><p>Texto del informe sobre derechos humanos.</p></body></html>";

    [Theory]
    [InlineData("<title>Página no encontrada</title>")]
    [InlineData("<title>Pagina no encontrada - Ministerio</title>")]
    [InlineData("<title>Ministerio</title></head><body><h1 class=\"x\">Error <b>404</b></h1>")]
    [InlineData("<title>Page introuvable</title>")]
    [InlineData("<title>Página não encontrada</title>")]
    [InlineData("<TITLE>\n  Page Not Found\n</TITLE>")]
    public async Task Fetch_OkPageWithNotFoundHeading_IsSoft404(string head)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
            Results.Content($"<html><head>{head}</head><body></body></html>", "text/html; charset=utf-8")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Soft404, result.Status);
        Assert.Equal(CheckReasons.ErrorPhrase, result.Reason);
        Assert.Equal(200, result.HttpStatus);
    }

    [Fact]
    public async Task Fetch_ChallengeServedAs503_IsBlockedNotServerError()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", (HttpContext context) =>
        {
            context.Response.Headers["cf-mitigated"] = "challenge";
            return Results.Content("<html><head><title>Just a moment...</title></head><body></body></html>", "text/html", statusCode: 503);
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Blocked, result.Status);
        Assert.Equal(CheckReasons.BotChallenge, result.Reason);
        Assert.Equal(503, result.HttpStatus);
    }

    [Fact]
    public async Task Fetch_CaptchaPageServedAs200_IsBlockedNotOk()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
            Results.Content("<html><head><title>Attention Required! | Cloudflare</title></head><body><div class=\"g-recaptcha\"></div></body></html>", "text/html")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Blocked, result.Status);
        Assert.Equal(CheckReasons.BotChallenge, result.Reason);
    }

    [Fact]
    public async Task Fetch_SignInPageAtTheCitedUrl_IsBlockedLoginWall()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/status/123", () =>
            Results.Content("<html><head><title>Log in to X</title></head><body><form><input name=user><input type=password name=pw></form></body></html>", "text/html")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/status/123"));

        Assert.Equal(CheckStatus.Blocked, result.Status);
        Assert.Equal(CheckReasons.LoginWall, result.Reason);
    }

    [Theory]
    [InlineData("<title>Decreto 404/2020 | Diario Oficial</title>")]
    [InlineData("<title>CNDH: la tortura no existe en los informes</title>")]
    public async Task Fetch_RealPageWhoseTitleMentionsThePhrases_IsOk(string head)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
            Results.Content($"<html><head>{head}</head><body><p>Texto.</p></body></html>", "text/html; charset=utf-8")));
        using var host = FetcherHost.Create();

        Assert.Equal(CheckStatus.Ok, (await host.FetchAsync(server.Url("/doc"))).Status);
    }

    [Fact]
    public async Task Fetch_Latin1PageWithNotFoundTitle_IsSoft404()
    {
        var bytes = Encoding.Latin1.GetBytes("<html><head><title>Página no encontrada</title></head></html>");
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
            Results.Bytes(bytes, "text/html; charset=ISO-8859-1")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Soft404, result.Status);
    }

    [Fact]
    public async Task Fetch_PdfMentioning404_IsOk()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc.pdf", () =>
            Results.Bytes(Encoding.ASCII.GetBytes("%PDF-1.4 <title>404</title>"), "application/pdf")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc.pdf"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal("application/pdf", result.ContentType);
    }

    [Fact]
    public async Task Fetch_BodyOverCap_IsTruncatedToExactlyMaxBodyBytes()
    {
        var payload = new byte[10_000];
        Array.Fill(payload, (byte)'a');
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/big", () => Results.Bytes(payload, "text/plain")));
        using var host = FetcherHost.Create(options => options.MaxBodyBytes = 4096);

        var result = await host.FetchAsync(server.Url("/big"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.True(result.Truncated);
        Assert.Equal(4096, result.Body!.Length);
    }

    [Fact]
    public async Task Fetch_BodyExactlyAtCap_IsNotTruncated()
    {
        var payload = new byte[4096];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/exact", () => Results.Bytes(payload, "text/plain")));
        using var host = FetcherHost.Create(options => options.MaxBodyBytes = 4096);

        var result = await host.FetchAsync(server.Url("/exact"));

        Assert.False(result.Truncated);
        Assert.Equal(4096, result.Body!.Length);
    }

    [Fact]
    public async Task Fetch_GzipBody_ArrivesDecompressed()
    {
        string? acceptEncoding = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/gz", async (HttpContext context) =>
        {
            acceptEncoding = context.Request.Headers.AcceptEncoding;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(HostileSite.Compress(Encoding.UTF8.GetBytes(Page), stream => new GZipStream(stream, CompressionLevel.Fastest)));
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/gz"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(Page, Encoding.UTF8.GetString(result.Body!));
        Assert.Contains("gzip", acceptEncoding, StringComparison.Ordinal);
        Assert.Contains("br", acceptEncoding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_BrotliBody_ArrivesDecompressed()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/br", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "br";
            await context.Response.Body.WriteAsync(HostileSite.Compress(Encoding.UTF8.GetBytes(Page), stream => new BrotliStream(stream, CompressionLevel.Fastest)));
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/br"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(Page, Encoding.UTF8.GetString(result.Body!));
    }

    [Theory]
    [InlineData("zlib")]
    [InlineData("raw")]
    public async Task Fetch_DeflateBody_ArrivesDecompressed_InEitherOfItsForms(string form)
    {
        // RFC 9110's deflate is zlib-wrapped; some servers send the raw deflate stream under the same name.
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/deflate", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentEncoding = "deflate";
            await context.Response.Body.WriteAsync(HostileSite.Compress(Encoding.UTF8.GetBytes(Page), stream => form == "zlib"
                ? new ZLibStream(stream, CompressionLevel.Fastest)
                : new DeflateStream(stream, CompressionLevel.Fastest)));
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/deflate"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(Page, Encoding.UTF8.GetString(result.Body!));
        Assert.Contains(result.Exchange!.ResponseHeaders, h => h.Name == "Content-Encoding" && h.Value == "deflate");
    }

    [Fact]
    public async Task Fetch_BrokenGzip_IsAConnectionErrorWithAClearMessage()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/broken", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers.ContentEncoding = "gzip";
            var bytes = HostileSite.Compress(Encoding.UTF8.GetBytes(Page), stream => new GZipStream(stream, CompressionLevel.Fastest));
            bytes[bytes.Length / 2] ^= 0xFF;
            bytes[(bytes.Length / 2) + 1] ^= 0xFF;
            await context.Response.Body.WriteAsync(bytes);
        }));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(server.Url("/broken"));

        Assert.NotEqual(CheckStatus.Ok, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public async Task Fetch_CompressedBodyOverCap_IsCappedAfterDecompression()
    {
        var payload = Encoding.ASCII.GetBytes(new string('x', 100_000));
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/gz", async (HttpContext context) =>
        {
            context.Response.Headers.ContentEncoding = "gzip";
            await context.Response.Body.WriteAsync(HostileSite.Compress(payload, stream => new GZipStream(stream, CompressionLevel.Fastest)));
        }));
        using var host = FetcherHost.Create(options => options.MaxBodyBytes = 8192);

        var result = await host.FetchAsync(server.Url("/gz"));

        Assert.True(result.Truncated);
        Assert.Equal(8192, result.Body!.Length);
    }

    [Fact]
    public async Task Fetch_SendsConfiguredUserAgentAndAcceptHeaders()
    {
        IHeaderDictionary? received = null;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", (HttpContext context) =>
        {
            received = new HeaderDictionary(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value));
            return Results.Content(Page, "text/html");
        }));
        using var host = FetcherHost.Create(options => options.UserAgent = "CitationMonitor/9.9 (+https://example.org/about)");

        await host.FetchAsync(server.Url("/doc"));

        Assert.NotNull(received);
        Assert.Equal("CitationMonitor/9.9 (+https://example.org/about)", received.UserAgent);
        Assert.Equal("text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8", received.Accept);
        Assert.Equal("es,en;q=0.8,pt;q=0.6,fr;q=0.5", received.AcceptLanguage);
    }
}
