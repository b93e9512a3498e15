namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>What one attempt got back; a <see cref="Location"/> means a redirect to follow.</summary>
internal sealed record HttpAnswer(
    int StatusCode,
    string? ReasonPhrase,
    Uri? Location,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    bool Truncated,
    TimeSpan? RetryAfter)
{
    public HttpExchange? Exchange { get; init; }

    /// <summary>As Polly's log events show it: the status only, never a URL (query strings may carry tokens).</summary>
    public override string ToString() => $"HTTP {StatusCode} {ReasonPhrase}".TrimEnd();
}
