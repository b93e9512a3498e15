using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// One hop of a redirect chain: the URL requested and the status it answered with. A hop with
/// <see cref="MetaRefresh"/> set is a page (its status a 2xx) that sent the reader on with
/// <c>&lt;meta http-equiv="refresh"&gt;</c>.
/// </summary>
public sealed record RedirectHop(string Url, int HttpStatus)
{
    public bool MetaRefresh { get; init; }
}

/// <summary>
/// Validators of an earlier answer from <see cref="Url"/> (its <c>ETag</c> and <c>Last-Modified</c>), sent as
/// <c>If-None-Match</c> and <c>If-Modified-Since</c> when, and only when, a request of the fetch goes to that URL.
/// </summary>
public sealed record ConditionalRequest(string Url, string? ETag, string? LastModified);

/// <summary>
/// The outcome of one fetch, after redirects and retries. Expected failures are values here, never exceptions.
/// </summary>
public sealed record FetchResult
{
    public required CheckStatus Status { get; init; }

    /// <summary>Status code of the final answer; null when no answer came.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The URL requested (normalized).</summary>
    public required string Url { get; init; }

    /// <summary>The last URL requested, after redirects.</summary>
    public required string FinalUrl { get; init; }

    /// <summary>Every redirect answer on the way, in order (the final answer is not a hop).</summary>
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];

    /// <summary>
    /// Where the URL has moved permanently: the target of the 301/308 redirects the chain starts with (the last of
    /// them when several follow each other); null when the first answer was no permanent redirect.
    /// </summary>
    public string? MovedTo { get; init; }

    /// <summary>
    /// The server answered 304 Not Modified to the validators of a <see cref="ConditionalRequest"/>: the content is the
    /// one already captured, and no body came.
    /// </summary>
    public bool NotModified { get; init; }

    /// <summary>Attempts made for the final hop, 1 when the first one settled it, 0 when the URL was refused before any request.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>A short human-readable cause for a failure.</summary>
    public string? Error { get; init; }

    /// <summary>A machine-readable cause when the status alone does not say it, e.g. <c>redirected_to_home</c>; see <see cref="CheckReasons"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Content-Type header of the final answer, as sent.</summary>
    public string? ContentType { get; init; }

    /// <summary>The body after transfer decoding, capped at MaxBodyBytes; null when no body was received.</summary>
    public byte[]? Body { get; init; }

    /// <summary>True when the body was cut at MaxBodyBytes.</summary>
    public bool Truncated { get; init; }

    /// <summary>Headers of the final answer (content headers included), first value wins per name.</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The request sent for the final answer and that answer's status line and headers as received; null when no answer
    /// came.
    /// </summary>
    public HttpExchange? Exchange { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }
}
