namespace CitationMonitor.Domain.Extraction;

/// <summary>One occurrence of a URL in a document's text.</summary>
/// <param name="Url">The URL exactly as cited, after joining a URL that was wrapped across lines.</param>
/// <param name="Normalized">The canonical form of <paramref name="Url"/>; group occurrences by its <see cref="NormalizedUrl.Key"/>.</param>
/// <param name="Context">
/// The line of text around the URL, trimmed and with whitespace collapsed; at most about 300
/// characters, cut at word boundaries around the URL (marked with <c>…</c>) when the line is longer.
/// </param>
/// <param name="Line">The 1-based number of the line on which the URL starts.</param>
public sealed record CitedUrl(string Url, NormalizedUrl Normalized, string Context, int Line)
{
    /// <summary>The passage the document quotes (in “…” or "..." marks) nearest to the URL, in its paragraph; null when none.</summary>
    public string? Quote { get; init; }

    /// <summary>When the document says it accessed the source (a reference manager's <c>urldate</c> or <c>accessed</c>); null when it does not say.</summary>
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>The footnote (or endnote) that cites the URL, as the document numbers it (<c>"12"</c>); null when not in one.</summary>
    public string? Footnote { get; init; }
}
