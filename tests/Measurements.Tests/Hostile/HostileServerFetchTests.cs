using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Measurements.Tests.Hostile;

/// <summary>
/// The fetcher against servers that misbehave on purpose: each answer ends in a defined status, the body capped and
/// marked truncated or the check failed with a clear error, within the attempt's time limit.
/// </summary>
public sealed class HostileServerFetchTests
{
    private const int Cap = 2 * 1024 * 1024;
    private const int Half = -1;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(100);

    // Generous for a loaded machine, yet far below what reading a whole bomb or stream would take.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        "<!doctype html><html><head><title>Informe</title></head><body>" + string.Concat(Enumerable.Repeat("<p>Texto del informe.</p>", 200)) + "</body></html>");

    [Theory]
    [InlineData("/bomb.gz")]
    [InlineData("/bomb.br")]
    public async Task DecompressionBomb_IsCutAtTheCapAfterDecoding(string path)
    {
        var result = await FetchHostileAsync(path);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.True(result.Truncated);
        Assert.Equal(Cap, result.Body!.Length);
        Assert.DoesNotContain(result.Body, b => b != 0);
    }

    [Theory]
    [InlineData("/endless")]
    [InlineData("/endless-2gb")]
    public async Task EndlessBody_ChunkedOrWithA2GbContentLength_IsCutAtTheCap(string path)
    {
        var result = await FetchHostileAsync(path);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.True(result.Truncated);
        Assert.Equal(Cap, result.Body!.Length);
        Assert.StartsWith(Encoding.UTF8.GetString(HostileSite.PageLine), Encoding.UTF8.GetString(result.Body));
    }

    [Theory]
    [InlineData("/trickle")]
    [InlineData("/trickle.gz")]
    public async Task ServerSendingOneByteASecond_EndsAsTimeoutWithinTheLimit(string path)
    {
        var result = await FetchHostileAsync(path);

        Assert.Equal(CheckStatus.Timeout, result.Status);
        Assert.Equal(CheckReasons.AttemptTimeout, result.Reason);
        // The timeout's timer and the check's stopwatch are different clocks; the timer may
        // fire a few milliseconds before the stopwatch reads exactly the limit.
        Assert.True(result.Duration >= Limit - TimerSlack, $"ended after {result.Duration}, well before the limit");
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task BodyThatNeverComesAfterTheHeaders_EndsAsTimeout()
    {
        var result = await FetchHostileAsync("/silent-body");

        Assert.Equal(CheckStatus.Timeout, result.Status);
        Assert.Equal(CheckReasons.AttemptTimeout, result.Reason);
    }

    [Fact]
    public async Task ContentLengthLongerThanTheBody_ThenTheConnectionCloses_IsConnectionErrorResponseEnded()
    {
        var answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 10000\r\nConnection: close\r\n\r\n<html><body>Only this";
        await using var server = new RawHttpServer(Encoding.ASCII.GetBytes(answer));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal(CheckReasons.ResponseEnded, result.Reason);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task ContentLengthShorterThanTheBody_KeepsTheDeclaredLengthOnly()
    {
        var answer = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 25\r\nConnection: close\r\n\r\n"
            + "<html><body>Declared</p>" + " and a long tail the server was not meant to send";
        await using var server = new RawHttpServer(Encoding.ASCII.GetBytes(answer));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.False(result.Truncated);
        Assert.Equal("<html><body>Declared</p> ", Encoding.ASCII.GetString(result.Body!));
    }

    [Fact]
    public async Task HugeHeaderSection_IsConnectionErrorHeadersTooLarge()
    {
        var result = await FetchHostileAsync("/huge-headers");

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal(CheckReasons.HeadersTooLarge, result.Reason);
    }

    [Theory]
    [InlineData("gzip", "header")]
    [InlineData("gzip", "checksum")]
    [InlineData("br", "middle")]
    public async Task CorruptCompressedData_IsConnectionErrorCorruptEncodingNamingTheCoding(string coding, string where)
    {
        // (Garbage in the middle of a deflate stream may just as well read as a stream cut short: see below.)
        var bytes = Compressed(coding);
        var start = where switch
        {
            "header" => 0,
            "checksum" => bytes.Length - 8,
            _ => bytes.Length / 3,
        };
        for (var i = start; i < start + 4; i++)
        {
            bytes[i] ^= 0x5A;
        }

        var result = await FetchBytesAsync(coding, bytes);

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal(CheckReasons.CorruptEncoding, result.Reason);
        Assert.Equal($"corrupt {coding} data", result.Error);
        Assert.Null(result.Body);
    }

    [Theory]
    [InlineData("gzip", 4)]
    [InlineData("gzip", 8)]
    [InlineData("gzip", Half)]
    [InlineData("deflate", 2)]
    [InlineData("deflate", Half)]
    [InlineData("br", 1)]
    [InlineData("br", Half)]
    public async Task CompressedStreamCutOffBeforeItsEnd_IsConnectionErrorResponseEndedNotASilentlyShorterPage(string coding, int missing)
    {
        var bytes = Compressed(coding);

        var result = await FetchBytesAsync(coding, bytes[..^(missing == Half ? bytes.Length / 2 : missing)]);

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal(CheckReasons.ResponseEnded, result.Reason);
        Assert.Equal($"{coding} body cut off before its end", result.Error);
        Assert.Null(result.Body);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task CompleteCompressedStream_IsReadWhole(string coding)
    {
        var result = await FetchBytesAsync(coding, Compressed(coding));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(Page, result.Body);
    }

    [Fact]
    public async Task GzipOfSeveralMembers_IsReadWhole()
    {
        var member = Compressed("gzip");

        var result = await FetchBytesAsync("gzip", [.. member, .. member]);

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal([.. Page, .. Page], result.Body!);
    }

    [Fact]
    public async Task EmptyBodyLabelledCompressed_IsAnEmptyPage()
    {
        var result = await FetchBytesAsync("deflate", []);

        Assert.Empty(result.Body!);
        Assert.False(result.Truncated);
    }

    private static byte[] Compressed(string coding) => HostileSite.Compress(Page, coding switch
    {
        "gzip" => body => new GZipStream(body, CompressionLevel.Optimal),
        "deflate" => body => new ZLibStream(body, CompressionLevel.Optimal),
        _ => body => new BrotliStream(body, CompressionLevel.Optimal),
    });

    private static async Task<FetchResult> FetchBytesAsync(string coding, byte[] bytes)
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers.ContentEncoding = coding;
            await context.Response.Body.WriteAsync(bytes);
        }));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);
        return await host.FetchAsync(server.Url("/doc"));
    }

    /// <summary>One attempt at a hostile route, asserted to end within the attempt's limit.</summary>
    private static async Task<FetchResult> FetchHostileAsync(string path)
    {
        await using var server = await LoopbackServer.StartAsync(HostileSite.Map);
        using var host = FetcherHost.Create(options =>
        {
            options.RetryAttempts = 0;
            options.Timeout = Limit;
            options.MaxBodyBytes = Cap;
        });

        var clock = Stopwatch.StartNew();
        var result = await host.FetchAsync(server.Url(path));

        Assert.True(clock.Elapsed < Limit + Margin, $"{path} took {clock.Elapsed}");
        return result;
    }
}
