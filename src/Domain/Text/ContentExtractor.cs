using CitationMonitor.Domain.Text.Html;

namespace CitationMonitor.Domain.Text;

/// <summary>Finds what kind of content a fetched body is and extracts its readable text and title.</summary>
public static class ContentExtractor
{
    /// <summary>Extracted text is cut at this many characters, so one huge body cannot dominate storage and diffs.</summary>
    public const int MaxTextChars = 2_000_000;

    /// <summary>
    /// Markup beyond this many bytes is neither decoded nor parsed: the parser's tree costs many times the page's size,
    /// and no real page needs more to give its text (which is cut at <see cref="MaxTextChars"/> anyway). The body is still
    /// kept whole.
    /// </summary>
    public const int MaxHtmlBytes = 2_000_000;

    /// <summary>
    /// Markup is parsed up to this many start tags: the parser's tree costs about a kilobyte per element, so a page made
    /// of hundreds of thousands of tiny elements would cost far more memory than its bytes suggest. Real pages, even long
    /// reports, stay well under it.
    /// </summary>
    public const int MaxHtmlElements = 40_000;

    /// <summary>A plain-text body is decoded up to this many bytes: enough for <see cref="MaxTextChars"/> in any script.</summary>
    public const int MaxPlainTextBytes = 3 * MaxTextChars;

    /// <summary>
    /// The version of extraction: what text the same bytes give. Raise it whenever a change to any extraction (HTML, PDF,
    /// plain text, or the decoding and detection of kinds before them) can change the text or title of the same bytes, so
    /// that texts stored by an earlier version are read again from their bytes before they are compared (see
    /// <see cref="ExtractionStamp"/>). Snapshots taken before versions were recorded count as version 1.
    /// </summary>
    public const int Version = 2;

    private const int SniffBytes = 1024;

    /// <summary>
    /// Extracts the main text and title of <paramref name="body"/>. The kind comes from <paramref name="contentType"/>
    /// (<c>text/html</c> and <c>application/xhtml+xml</c> are html, <c>application/pdf</c> is pdf, <c>text/*</c>, JSON
    /// and XML are text); when it is missing or not one of those, the bytes decide (<c>%PDF-</c> is pdf, an
    /// <c>&lt;html</c> or doctype near the start is html, anything else binary).
    /// Never throws on bad input: a broken PDF yields kind <c>pdf</c> with empty text, unknown bytes kind <c>binary</c>.
    /// </summary>
    /// <param name="body">The raw body bytes, after transfer decoding.</param>
    /// <param name="contentType">The Content-Type header value, parameters included, if any.</param>
    public static ExtractedContent Extract(ReadOnlySpan<byte> body, string? contentType) => Extract(body, contentType, null);

    /// <summary>
    /// Extracts as <see cref="Extract(ReadOnlySpan{byte}, string?)"/> does, first removing from an HTML page every
    /// element that one of <paramref name="rules"/>' ignore selectors matches.
    /// </summary>
    /// <param name="body">The raw body bytes, after transfer decoding.</param>
    /// <param name="contentType">The Content-Type header value, parameters included, if any.</param>
    /// <param name="rules">Per-host adjustments; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">
    /// A selector in <paramref name="rules"/> is invalid (the only exception: bad rules are a configuration mistake,
    /// which must not look like an empty page). Validate rules up front with <see cref="ExtractionRules.ToXPaths"/>.
    /// </exception>
    public static ExtractedContent Extract(ReadOnlySpan<byte> body, string? contentType, ExtractionRules? rules)
    {
        var ignoreXPaths = rules?.ToXPaths() ?? [];
        var kind = DetectKind(body, contentType);
        try
        {
            return kind switch
            {
                ContentKinds.Html => HtmlTextExtractor.Extract(TextDecoder.Decode(Prefix(body, MaxHtmlBytes), contentType, isHtml: true), MaxTextChars, ignoreXPaths),
                ContentKinds.Pdf => PdfTextExtractor.Extract(body, MaxTextChars),
                ContentKinds.Text => new ExtractedContent(
                    ContentKinds.Text, null, TextNormalizer.NormalizePlainText(TextDecoder.Decode(Prefix(body, MaxPlainTextBytes), contentType, isHtml: false), MaxTextChars)),
                _ => new ExtractedContent(ContentKinds.Binary, null, ""),
            };
        }
        catch (Exception)
        {
            // Extraction is best effort: the raw bytes are archived anyway, and one odd page must not fail a check.
            return new ExtractedContent(kind, null, "");
        }
    }

    /// <summary>
    /// The stamp of a text this extractor gives with <paramref name="rules"/>: <see cref="Version"/> and, when there are
    /// ignore selectors, their fingerprint (see <see cref="ExtractionStamp"/>).
    /// </summary>
    /// <param name="rules">The per-host adjustments the text is extracted with; <see langword="null"/> for none.</param>
    public static string Stamp(ExtractionRules? rules) => ExtractionStamp.Of(Version, rules);

    /// <summary>
    /// Decodes <paramref name="body"/> to a string. The encoding comes from a byte order mark, else the
    /// Content-Type <c>charset</c>, else (for HTML) a <c>&lt;meta charset&gt;</c> or <c>http-equiv</c> declaration in the
    /// first 4 KB, else UTF-8 when the bytes are valid UTF-8 and windows-1252 when they are not (the usual legacy
    /// encoding of undeclared Spanish, French and Portuguese pages). A BOM wins over the header, as in browsers, because
    /// it cannot be there by accident; the header wins over the page's own declaration. ISO-8859-1 and ASCII labels
    /// decode as windows-1252, as in browsers. Invalid bytes in a declared encoding become U+FFFD.
    /// </summary>
    /// <param name="body">The raw body bytes.</param>
    /// <param name="contentType">The Content-Type header value, parameters included, if any.</param>
    public static string DecodeText(ReadOnlySpan<byte> body, string? contentType)
    {
        var isHtml = DetectKind(body, contentType) == ContentKinds.Html;
        return TextDecoder.Decode(body, contentType, isHtml);
    }

    /// <summary>The markup up to (not including) its start tag number <paramref name="limit"/> + 1; all of it when it has fewer.</summary>
    internal static string UpToElements(string html, int limit)
    {
        var count = 0;
        for (var i = html.IndexOf('<'); i >= 0 && i < html.Length - 1; i = html.IndexOf('<', i + 1))
        {
            if (char.IsAsciiLetter(html[i + 1]) && ++count > limit)
            {
                return html[..i];
            }
        }

        return html;
    }

    /// <summary>
    /// The first <paramref name="limit"/> bytes of a body, never ending inside a UTF-8 sequence (so that a cut cannot make
    /// valid UTF-8 look invalid to the encoding sniffing); the whole body when it is shorter. Only what is decoded is cut:
    /// a 20 MB page is never turned into a 40 MB string to read its first megabytes.
    /// </summary>
    internal static ReadOnlySpan<byte> Prefix(ReadOnlySpan<byte> body, int limit)
    {
        if (body.Length <= limit)
        {
            return body;
        }

        var end = limit;
        while (end > limit - 4 && end > 0 && (body[end] & 0xC0) == 0x80)
        {
            end--;
        }

        return body[..end];
    }

    internal static string DetectKind(ReadOnlySpan<byte> body, string? contentType)
    {
        var mediaType = ContentTypes.MediaType(contentType);
        switch (mediaType)
        {
            case "text/html" or "application/xhtml+xml":
                return ContentKinds.Html;
            case "application/pdf" or "application/x-pdf":
                return ContentKinds.Pdf;
            case "application/json" or "application/xml" or "application/javascript" or "application/ecmascript":
            case not null when mediaType.StartsWith("text/", StringComparison.Ordinal)
                || mediaType.EndsWith("+json", StringComparison.Ordinal)
                || mediaType.EndsWith("+xml", StringComparison.Ordinal):
                return ContentKinds.Text;
        }

        return Sniff(body);
    }

    private static string Sniff(ReadOnlySpan<byte> body)
    {
        var head = body[..Math.Min(body.Length, SniffBytes)];
        if (head.IndexOf("%PDF-"u8) >= 0)
        {
            return ContentKinds.Pdf;
        }

        Span<byte> lower = stackalloc byte[head.Length];
        for (var i = 0; i < head.Length; i++)
        {
            lower[i] = head[i] is >= (byte)'A' and <= (byte)'Z' ? (byte)(head[i] + 32) : head[i];
        }

        return lower.IndexOf("<!doctype html"u8) >= 0 || lower.IndexOf("<html"u8) >= 0
            ? ContentKinds.Html
            : ContentKinds.Binary;
    }
}
