using System.Globalization;
using System.Net;
using System.Text.Json;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace CitationMonitor.Infrastructure.WebArchive;

/// <summary>A web archive's copy of a URL: the archive's URL for it and when the archive captured it.</summary>
internal sealed record ArchivedCopy(string Url, DateTimeOffset At);

/// <summary>One line of a CDX answer: when the archive captured which URL, and what it got.</summary>
internal sealed record CdxCapture(string Timestamp, string Original, string? MimeType, int StatusCode)
{
    public DateTimeOffset At => ArchiveTimestamps.Parse(Timestamp);
}

/// <summary>The bytes of an archived capture, as the archive got them.</summary>
internal sealed record ArchivedBody(byte[] Bytes, string? ContentType, bool Truncated);

/// <summary>
/// What the archive answered: <see cref="Value"/> when it had something, neither when it had nothing, <see cref="Error"/>
/// when it could not be asked (no answer, a timeout, an error status, an answer that does not parse).
/// </summary>
internal sealed record ArchiveAnswer<T>(T? Value, string? Error) where T : class
{
    public bool Failed => Error is not null;

    /// <summary>As Polly's log events show it: the outcome only, never a URL (a cited URL's query may carry tokens).</summary>
    public override string ToString() => Failed ? $"failed: {Error}" : Value is null ? "no capture" : "answered";
}

/// <summary>
/// The web archive's APIs, in the Wayback Machine's shapes: availability (<c>archived_snapshots.closest</c>), CDX
/// (<c>output=json</c>: an array of rows, the first naming the fields), replay with the <c>id_</c> flag (the bytes as
/// captured, without the archive's banner) and save. Every request has <see cref="ArchiveOptions.Timeout"/> and is
/// tried at most twice; failures come back as values, never as exceptions.
/// </summary>
internal sealed class WebArchiveClient(
    IHttpClientFactory clients,
    IOptions<ArchiveOptions> options,
    IOptions<FetchOptions> fetchOptions,
    LargeBodies largeBodies,
    ResiliencePipelineProvider<FetchPipelineKey> pipelines)
{
    public const string HttpClientName = "web-archive";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(FetchPipelines.WebArchive);

    /// <summary>The retry and time limit of every request to the archive, as Polly's registry builds them.</summary>
    internal static void AddResilience(ResiliencePipelineBuilder builder, ArchiveOptions options) =>
        builder
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                Delay = TimeSpan.FromMilliseconds(250),
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(options.Timeout);

    /// <summary>Availability API: the capture of <paramref name="url"/> closest to <paramref name="at"/>.</summary>
    public Task<ArchiveAnswer<ArchivedCopy>> ClosestCopyAsync(string url, DateTimeOffset at, CancellationToken cancellationToken) =>
        RequestAsync(
            $"{options.Value.AvailabilityEndpoint}?url={Uri.EscapeDataString(url)}&timestamp={ArchiveTimestamps.Format(at)}",
            async (response, token) =>
            {
                using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(token), cancellationToken: token);
                if (!json.RootElement.TryGetProperty("archived_snapshots", out var snapshots)
                    || !snapshots.TryGetProperty("closest", out var closest)
                    || closest.ValueKind != JsonValueKind.Object
                    || !(closest.TryGetProperty("available", out var available) && available.ValueKind == JsonValueKind.True)
                    || (closest.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String && status.GetString() != "200"))
                {
                    return null;
                }

                var copyUrl = closest.GetProperty("url").GetString() ?? throw new FormatException("closest.url is null");
                return new ArchivedCopy(copyUrl, ArchiveTimestamps.Parse(closest.GetProperty("timestamp").GetString()));
            },
            cancellationToken);

    /// <summary>CDX API: the capture of <paramref name="url"/> with status 200 closest to <paramref name="at"/>.</summary>
    public Task<ArchiveAnswer<CdxCapture>> ClosestCaptureAsync(string url, DateTimeOffset at, CancellationToken cancellationToken) =>
        RequestAsync(
            $"{options.Value.CdxEndpoint}?url={Uri.EscapeDataString(url)}&output=json&closest={ArchiveTimestamps.Format(at)}"
            + "&sort=closest&limit=1&filter=statuscode:200",
            async (response, token) =>
            {
                var text = await response.Content.ReadAsStringAsync(token);
                return string.IsNullOrWhiteSpace(text) ? null : CdxRows.Closest(text, at);
            },
            cancellationToken);

    /// <summary>The bytes of a capture as the archive got them (the <c>id_</c> flag), at most <c>MaxBodyBytes</c>.</summary>
    public Task<ArchiveAnswer<ArchivedBody>> CaptureBodyAsync(CdxCapture capture, CancellationToken cancellationToken) =>
        RequestAsync(
            $"{options.Value.ReplayEndpoint}{capture.Timestamp}id_/{capture.Original}",
            async (response, token) =>
            {
                // A large body is read on only with a large-body turn, the check's when a check asked for it. Nothing
                // else is held here (no host slot, no probe lock), so the turn is simply waited for.
                using var ownTurn = largeBodies.Current is null ? largeBodies.ForOneFetch() : null;
                await using var stream = await response.Content.ReadAsStreamAsync(token);
                var (bytes, truncated) = await largeBodies.ReadAsync(
                    stream, (int)Math.Min(fetchOptions.Value.MaxBodyBytes, Array.MaxLength), response.Content.Headers.ContentLength,
                    largeBodies.Current ?? ownTurn!, waitForTurn: true, token);
                return new ArchivedBody(bytes, response.Content.Headers.ContentType?.ToString() ?? capture.MimeType, truncated);
            },
            cancellationToken);

    /// <summary>Asks the archive to capture <paramref name="url"/> now; null when no save endpoint is configured.</summary>
    public async Task<ArchiveAnswer<string>?> SaveAsync(string url, CancellationToken cancellationToken) =>
        options.Value.SaveEndpoint is { Length: > 0 } endpoint
            ? await RequestAsync(endpoint + url, (_, _) => Task.FromResult<string?>(url), cancellationToken)
            : null;

    /// <summary>The public URL of a capture in the archive (the replay page people open).</summary>
    public string ReplayUrl(CdxCapture capture) => $"{options.Value.ReplayEndpoint}{capture.Timestamp}/{capture.Original}";

    private async Task<ArchiveAnswer<T>> RequestAsync<T>(
        string url, Func<HttpResponseMessage, CancellationToken, Task<T?>> read, CancellationToken cancellationToken) where T : class
    {
        var client = clients.CreateClient(HttpClientName);
        try
        {
            return await _pipeline.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("User-Agent", fetchOptions.Value.UserAgent);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    // Worth one more try; the message is what is logged if that fails too.
                    throw new HttpRequestException($"http_{(int)response.StatusCode}", null, response.StatusCode);
                }

                return response.IsSuccessStatusCode
                    ? new ArchiveAnswer<T>(await read(response, token), null)
                    : new ArchiveAnswer<T>(null, $"http_{(int)response.StatusCode}");
            }, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new ArchiveAnswer<T>(null, ex.StatusCode is { } status ? $"http_{(int)status}" : $"connection_failed: {ex.Message}");
        }
        catch (TimeoutRejectedException)
        {
            return new ArchiveAnswer<T>(null, "timeout");
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return new ArchiveAnswer<T>(null, $"invalid_answer: {ex.Message}");
        }
    }
}

/// <summary>The archives' 14-digit timestamps, <c>yyyyMMddHHmmss</c> in UTC.</summary>
internal static class ArchiveTimestamps
{
    private const string Pattern = "yyyyMMddHHmmss";

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string? timestamp) =>
        DateTimeOffset.ParseExact(
            timestamp ?? throw new FormatException("timestamp is missing"), Pattern, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

/// <summary>
/// A CDX answer in <c>output=json</c>: the first row names the fields, each further row is a capture. The query asks the
/// archive for the closest capture with status 200, but the answer is not taken on trust: rows with another status are
/// skipped, and of the rest the one closest in time wins.
/// </summary>
internal static class CdxRows
{
    public static CdxCapture? Closest(string json, DateTimeOffset at)
    {
        var rows = JsonSerializer.Deserialize<string[][]>(json) ?? [];
        if (rows.Length < 2)
        {
            return null;
        }

        var fields = rows[0];
        CdxCapture? best = null;
        var bestDistance = TimeSpan.MaxValue;
        foreach (var row in rows.Skip(1))
        {
            string? Field(string name) => Array.IndexOf(fields, name) is var i and >= 0 && i < row.Length ? row[i] : null;
            if (Field("statuscode") is { } code && code != "200")
            {
                continue;
            }

            var capture = new CdxCapture(
                Field("timestamp") ?? throw new FormatException("CDX row without a timestamp"),
                Field("original") ?? throw new FormatException("CDX row without the original URL"),
                Field("mimetype"),
                200);
            var distance = (ArchiveTimestamps.Parse(capture.Timestamp) - at).Duration();
            if (distance < bestDistance)
            {
                (best, bestDistance) = (capture, distance);
            }
        }

        return best;
    }
}
