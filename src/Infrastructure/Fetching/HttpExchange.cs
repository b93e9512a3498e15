namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>One header line, name and value as sent or received.</summary>
public sealed record HttpHeaderField(string Name, string Value);

/// <summary>
/// The request sent for the final answer of a fetch and that answer's status line and headers, as they went over the
/// wire: headers in order, every value of a repeated header (several <c>Set-Cookie</c> lines) on its own. The request
/// carries <c>Host</c> and the <c>Accept-Encoding</c> the fetcher offers; <see cref="Url"/> is the absolute URL whose
/// path and query were on the request line.
/// </summary>
public sealed record HttpExchange(
    string Method,
    string Url,
    IReadOnlyList<HttpHeaderField> RequestHeaders,
    string HttpVersion,
    int Status,
    string? Reason,
    IReadOnlyList<HttpHeaderField> ResponseHeaders);
