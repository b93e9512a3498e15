using System.Net;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// One attempt at one hop of a fetch: the request as the monitor sends it (its user agent, accepted types, languages and
/// codings, the hop's cookies and validators), after the host's turn at <see cref="HostPacer"/> (and among every worker's,
/// <see cref="ISharedHosts"/>), within
/// <see cref="FetchOptions.Timeout"/> for headers and body together; the answer with its headers and exchange as
/// received, a Retry-After passed on to the pacer, and the body decoded and capped (<see cref="LargeBodies"/>).
/// </summary>
internal sealed class HttpAttempts(
    IOptions<FetchOptions> options, HostPacer pacer, ISharedHosts shared, LargeBodies largeBodies, TimeProvider timeProvider)
{
    private const string AcceptHeader = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.8";
    private const string AcceptLanguageHeader = "es,en;q=0.8,pt;q=0.6,fr;q=0.5";

    private readonly FetchOptions _options = options.Value;

    /// <summary>
    /// Takes the turn of the hop's next attempt at the host: this process's, then, where workers share the database,
    /// the turn among all of theirs. Taken for the first attempt before the host's circuit is asked, so that a turn
    /// refused (a pause, an unavailable database) is no outcome of a request to the host, for or against it.
    /// </summary>
    /// <exception cref="HostPausedException">The host may not be asked yet, or its shared turn cannot be had.</exception>
    public async Task TakeTurnAsync(PageFetcher.Hop hop, CancellationToken cancellationToken)
    {
        await pacer.WaitTurnAsync(hop.Url.Host, cancellationToken);
        await shared.WaitTurnAsync(hop.Url.Host, cancellationToken);
        hop.TurnTaken = true;
    }

    /// <summary>One attempt at one hop: headers and body within the attempt's own time limit.</summary>
    public async ValueTask<HttpAnswer> AttemptAsync(PageFetcher.Hop hop, CancellationToken cancellationToken)
    {
        // The turn is taken before the attempt's own time limit starts: waiting for it is not the host's slowness.
        // The first attempt's was taken before the circuit; a retry takes its own.
        if (!hop.TurnTaken)
        {
            await TakeTurnAsync(hop, cancellationToken);
        }

        hop.TurnTaken = false;
        hop.Attempts++;
        using var timeoutSource = new CancellationTokenSource(_options.Timeout, timeProvider);
        using var linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var token = linkedSource.Token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, hop.Url);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
            request.Headers.TryAddWithoutValidation("Accept-Language", AcceptLanguageHeader);
            // Offered and undone here rather than by the handler, which would drop Content-Encoding from the record.
            request.Headers.TryAddWithoutValidation("Accept-Encoding", ContentCodings.AcceptEncoding);
            var cookieHeader = hop.Cookies.GetCookieHeader(hop.Url);
            if (cookieHeader.Length > 0)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
            }

            if (hop.Conditional is { } conditional)
            {
                // Sent as received: a server compares its own validators, weak or strong, byte for byte.
                if (conditional.ETag is { } etag)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (conditional.LastModified is { } lastModified)
                {
                    request.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }
            }

            using var response = await hop.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);

            // Taken before anything reads a header through its parsed form: parsing splits and rewrites values
            // (a Server header's product tokens become separate values), and the record keeps them as received.
            var exchange = Exchange(request, response);
            var headers = CollectHeaders(response);

            // A decoder may read its source synchronously, out of the token's reach: closing the answer ends that read too.
            await using var abort = token.Register(static answer => ((HttpResponseMessage)answer!).Dispose(), response);
            StoreCookies(response, hop);

            var statusCode = (int)response.StatusCode;
            var contentType = response.Content.Headers.ContentType?.ToString();
            // Taken as received: one the header parser cannot read is still a redirect, to a malformed target.
            if (statusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.NonValidated.TryGetValues("Location", out var locations))
            {
                // The body of a redirect is not read: the connection is simply not reused.
                return new HttpAnswer(statusCode, response.ReasonPhrase, locations.First().Trim(), contentType, headers, null, false, null)
                {
                    Exchange = exchange,
                    SeveralLocations = locations.Distinct(StringComparer.Ordinal).Skip(1).Any(),
                };
            }

            var retryAfter = RetryAfter(response);
            if (statusCode is 429 or 503 && retryAfter is { } holdOff)
            {
                // Every request to the host waits for it, not only this check's next attempt.
                pacer.HoldOff(hop.Url.Host, holdOff);
                await shared.HoldOffAsync(hop.Url.Host, holdOff, holdOff > _options.MaxRetryAfter, token);
            }

            var (body, truncated) = await ReadBodyAsync(response.Content, hop.Turn, token);
            return new HttpAnswer(statusCode, response.ReasonPhrase, null, contentType, headers, body, truncated, retryAfter) { Exchange = exchange };
        }
        catch (Exception) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimeoutException(_options.Timeout);
        }
    }

    private async Task<(byte[] Body, bool Truncated)> ReadBodyAsync(
        HttpContent content, LargeBodyTurn turn, CancellationToken cancellationToken)
    {
        var contentEncoding = content.Headers.TryGetValues("Content-Encoding", out var codings) ? string.Join(", ", codings) : null;
        await using var stream = ContentCodings.Decode(await content.ReadAsStreamAsync(cancellationToken), contentEncoding);

        // Never waited for here, inside the host's slot: the caller gives the slot back, then waits for the turn.
        return await largeBodies.ReadAsync(
            stream, (int)Math.Min(_options.MaxBodyBytes, Array.MaxLength), content.Headers.ContentLength, turn, waitForTurn: false, cancellationToken);
    }

    private static void StoreCookies(HttpResponseMessage response, PageFetcher.Hop hop)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            try
            {
                hop.Cookies.SetCookies(hop.Url, value);
            }
            catch (CookieException)
            {
                // A malformed cookie is the site's problem, not the check's.
            }
        }
    }

    private static Dictionary<string, string> CollectHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            if (values.Count > 0)
            {
                headers.TryAdd(name, values.First());
            }
        }

        return headers;
    }

    /// <summary>
    /// The request as the handler wrote it (Host first, then the headers in the order they were set) and the answer's
    /// status line and headers as received, every value of a repeated header on its own line.
    /// </summary>
    private static HttpExchange Exchange(HttpRequestMessage request, HttpResponseMessage response)
    {
        var url = request.RequestUri!;
        var host = url.HostNameType == UriHostNameType.IPv6 && !url.IdnHost.StartsWith('[') ? $"[{url.IdnHost}]" : url.IdnHost;
        List<HttpHeaderField> sent = [new("Host", url.IsDefaultPort ? host : $"{host}:{url.Port}")];
        sent.AddRange(request.Headers.NonValidated.Select(header => new HttpHeaderField(header.Key, header.Value.ToString())));

        var received = new List<HttpHeaderField>();
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            received.AddRange(values.Select(value => new HttpHeaderField(name, value)));
        }

        var version = $"{response.Version.Major}.{response.Version.Minor}";
        return new HttpExchange(request.Method.Method, PageFetcher.RequestUrl(url), sent, version, (int)response.StatusCode, response.ReasonPhrase, received);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - timeProvider.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
