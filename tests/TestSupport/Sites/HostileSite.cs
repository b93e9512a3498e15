using System.IO.Compression;
using System.Text;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.TestSupport.Sites;

/// <summary>
/// Routes of a hostile web server, for a <see cref="LoopbackServer"/>: decompression bombs, endless and trickling
/// bodies, lying lengths, broken compression. Everything is generated as it is sent; nothing large is ever held.
/// </summary>
public static class HostileSite
{
    public const long Gigabyte = 1L << 30;

    /// <summary>One line of an ordinary page, repeated to make endless bodies that parse like real HTML.</summary>
    public static readonly byte[] PageLine = Encoding.UTF8.GetBytes(
        "<p>La Comisión Interamericana recibió información sobre la situación de las personas migrantes en la frontera.</p>\n");

    public static void Map(WebApplication app)
    {
        // 1 GB of zeros, compressed as sent: a few megabytes on the wire at most, since reading stops at the cap.
        app.MapGet("/bomb.gz", context => CompressedZerosAsync(context, "gzip", body => new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true)));
        app.MapGet("/bomb.br", context => CompressedZerosAsync(context, "br", body => new BrotliStream(body, CompressionLevel.Fastest, leaveOpen: true)));
        app.MapGet("/endless", context => EndlessAsync(context, contentLength: null));
        app.MapGet("/endless-2gb", context => EndlessAsync(context, contentLength: 2 * Gigabyte));
        app.MapGet("/trickle", context => TrickleAsync(context, compressed: false));
        app.MapGet("/trickle.gz", context => TrickleAsync(context, compressed: true));
        app.MapGet("/silent-body", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        app.MapGet("/huge-headers", context =>
        {
            var value = new string('x', 1024);
            for (var i = 0; i < 200; i++)
            {
                context.Response.Headers[$"X-Filler-{i}"] = value;
            }

            return context.Response.WriteAsync("<html><body>ok</body></html>", context.RequestAborted);
        });
    }

    /// <summary><paramref name="data"/> compressed with <paramref name="compressor"/>.</summary>
    public static byte[] Compress(byte[] data, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output))
        {
            compressing.Write(data);
        }

        return output.ToArray();
    }

    private static async Task CompressedZerosAsync(HttpContext context, string coding, Func<Stream, Stream> compressor)
    {
        context.Response.ContentType = "text/html";
        context.Response.Headers.ContentEncoding = coding;
        var zeros = new byte[64 * 1024];
        await using var compressing = compressor(context.Response.Body);
        for (long sent = 0; sent < Gigabyte && !context.RequestAborted.IsCancellationRequested; sent += zeros.Length)
        {
            await compressing.WriteAsync(zeros, context.RequestAborted);
        }
    }

    private static async Task EndlessAsync(HttpContext context, long? contentLength)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = contentLength;
        var chunk = Enumerable.Repeat(PageLine, 512).SelectMany(line => line).ToArray();
        while (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
    }

    private static async Task TrickleAsync(HttpContext context, bool compressed)
    {
        context.Response.ContentType = "text/html";
        var bytes = compressed
            ? Compress(Enumerable.Repeat(PageLine, 100).SelectMany(line => line).ToArray(), body => new GZipStream(body, CompressionLevel.Fastest))
            : Enumerable.Repeat(PageLine, 100).SelectMany(line => line).ToArray();
        if (compressed)
        {
            context.Response.Headers.ContentEncoding = "gzip";
        }

        foreach (var b in bytes)
        {
            await context.Response.Body.WriteAsync(new[] { b }, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(1), context.RequestAborted);
        }
    }
}
