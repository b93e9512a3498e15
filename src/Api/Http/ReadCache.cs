using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CitationMonitor.Api.Http;

/// <summary><c>Monitor:ReadCache</c>: memory for the answers of the reads a dashboard polls.</summary>
public sealed class ReadCacheOptions
{
    public const string Section = "Monitor:ReadCache";

    /// <summary>Bytes of answers kept at once; 0 keeps none (every answer is made again, ETags still hold).</summary>
    [Range(0, 1L << 32, ErrorMessage = "Monitor:ReadCache:MaxBytes must be between {1} and {2}.")]
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>Marks a GET endpoint whose answer depends on the database and the request's path and query alone.</summary>
internal sealed class CachedRead;

/// <summary>An endpoint's word on how long its answer holds without a write: the earliest moment any part of it goes stale.</summary>
internal sealed class ReadHolds
{
    public DateTimeOffset? Until { get; private set; }

    public void AtMostUntil(DateTimeOffset until) => Until = Until is { } earlier && earlier <= until ? earlier : until;
}

/// <summary>
/// Reads a dashboard polls, answered with an ETag (a hash of the answer) and kept while the database stands still. A
/// request whose <c>If-None-Match</c> names the current answer gets 304 and no body. An answer is kept at the data
/// version it was made at (<see cref="DataVersion"/>, which every commit of any process on the file moves), and served
/// again only while the version has not moved (and, for an answer that counts recent days, until it would count
/// differently): a write here, a worker's check in another process, or an edit with the sqlite3 shell all make the next
/// read fresh. <c>Cache-Control: no-cache</c> tells browsers and proxies to keep the answer and ask with its ETag. A kept
/// answer is gzipped once, for the clients that accept it.
/// </summary>
internal static class ReadCache
{
    public static IServiceCollection AddReadCache(this IServiceCollection services)
    {
        services.AddMonitorSection<ReadCacheOptions>(ReadCacheOptions.Section);
        services.AddSingleton<DataVersion>();
        services.AddSingleton(provider => new ReadAnswers(provider.GetRequiredService<IOptions<ReadCacheOptions>>().Value.MaxBytes));
        return services;
    }

    /// <summary>Answers the endpoints marked with <see cref="Cached{TBuilder}"/>; runs after routing, just before the endpoint.</summary>
    public static IApplicationBuilder UseReadCache(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || context.GetEndpoint()?.Metadata.GetMetadata<CachedRead>() is null)
        {
            await next(context);
            return;
        }

        var services = context.RequestServices;
        if (services.GetRequiredService<DataVersion>().Current() is not { } version)
        {
            // The database cannot say whether it changed: the answer is made and sent as it is, with no ETag.
            await next(context);
            return;
        }

        var answers = services.GetRequiredService<ReadAnswers>();
        var key = context.Request.Path.Value + context.Request.QueryString.Value;
        var answer = answers.Find(key, version, services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (answer is null)
        {
            var (making, maker) = answers.Join(key, version);
            if (!maker)
            {
                answer = await making;
            }
            else if ((answer = await MakeAsync(context, next, answers, key, version)) is null)
            {
                return;
            }
        }

        if (answer is null)
        {
            // Another request made an answer not to share (an error): this one makes its own.
            await next(context);
            return;
        }

        await SendAsync(context, answer);
    });

    /// <summary>Marks endpoints whose answers are cached: GET endpoints whose answer is their body and its media type.</summary>
    public static TBuilder Cached<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CachedRead());

    /// <summary>
    /// Says that the answer being made goes stale at <paramref name="until"/> even if nothing is written (a count of the
    /// last seven days drops as days pass); a no-op outside a cached read.
    /// </summary>
    public static void AnswerHoldsUntil(this HttpContext context, DateTimeOffset? until)
    {
        if (until is { } moment)
        {
            context.Features.Get<ReadHolds>()?.AtMostUntil(moment);
        }
    }

    /// <summary>
    /// Runs the endpoint into a buffer: a 200 becomes an answer to keep and share, anything else (a problem) is sent as
    /// the endpoint made it and shared with nobody.
    /// </summary>
    private static async Task<ReadAnswer?> MakeAsync(HttpContext context, RequestDelegate next, ReadAnswers answers, string key, long version)
    {
        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var capture = new StreamResponseBodyFeature(buffer);
        var holds = new ReadHolds();
        ReadAnswer? answer = null;
        context.Features.Set<IHttpResponseBodyFeature>(capture);
        context.Features.Set(holds);
        try
        {
            await next(context);
            await capture.CompleteAsync();
            if (context.Response.StatusCode == StatusCodes.Status200OK && context.Response.ContentType is { } contentType)
            {
                var body = buffer.ToArray();
                answer = new ReadAnswer(body, contentType, ETagOf(body), version, holds.Until);
            }
        }
        finally
        {
            context.Features.Set(server);
            context.Features.Set<ReadHolds>(null);
            answers.Made(key, version, answer);
        }

        if (answer is null)
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(context.Response.Body, context.RequestAborted);
        }

        return answer;
    }

    /// <summary>
    /// Sends the answer, gzipped to a client that accepts it (a browser always does), or 304 when the client holds it
    /// already in either form.
    /// </summary>
    private static async Task SendAsync(HttpContext context, ReadAnswer answer)
    {
        var response = context.Response;
        var gzip = AcceptsGzip(context.Request) ? answer.Gzip : null;
        response.Headers.ETag = gzip is null ? answer.ETag : answer.GzipETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (Matches(context.Request, answer))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = gzip ?? answer.Body;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = answer.ContentType;
        if (gzip is not null)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Whether <c>If-None-Match</c> names this answer, as sent plain or gzipped (the same content), or is <c>*</c>;
    /// compared weakly, as RFC 9110 §13.1.2 asks.
    /// </summary>
    private static bool Matches(HttpRequest request, ReadAnswer answer)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var plain = new EntityTagHeaderValue(answer.ETag);
        var gzipped = new EntityTagHeaderValue(answer.GzipETag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)
            || tag.Compare(plain, useStrongComparison: false) || tag.Compare(gzipped, useStrongComparison: false));
    }

    /// <summary>Whether <c>Accept-Encoding</c> names gzip (or <c>*</c>) without refusing it with <c>q=0</c>.</summary>
    private static bool AcceptsGzip(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var codings)
        && codings.Any(c => (c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Value.Equals("*", StringComparison.Ordinal))
            && c.Quality is not 0);

    /// <summary>A strong ETag: the first 128 bits of the answer's SHA-256, so equal answers have equal tags in any process.</summary>
    private static string ETagOf(byte[] body) => "\"" + Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16)) + "\"";
}
