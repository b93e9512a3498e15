namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// What one attempt got back; a <see cref="Location"/> (as received, not yet parsed) means a redirect to follow, or to
/// refuse (<see cref="RedirectTargets"/>).
/// </summary>
internal sealed record HttpAnswer(
    int StatusCode,
    string? ReasonPhrase,
    string? Location,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    bool Truncated,
    TimeSpan? RetryAfter)
{
    public HttpExchange? Exchange { get; init; }

    /// <summary>The redirect came with more than one Location header, of different values.</summary>
    public bool SeveralLocations { get; init; }

    /// <summary>As Polly's log events show it: the status only, never a URL (query strings may carry tokens).</summary>
    public override string ToString() => $"HTTP {StatusCode} {ReasonPhrase}".TrimEnd();
}
