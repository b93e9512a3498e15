using System.IO.Compression;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The content codings the fetcher offers and undoes itself, so that the answer's <c>Content-Encoding</c> stays on
/// record as received while the body is kept decoded.
/// </summary>
public static class ContentCodings
{
    /// <summary>The <c>Accept-Encoding</c> sent with every request.</summary>
    public const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>The codings named by a <c>Content-Encoding</c> value, in the order they were applied.</summary>
    public static IReadOnlyList<string> Parse(string? contentEncoding) =>
        contentEncoding is null
            ? []
            : contentEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(coding => coding.ToLowerInvariant())
                .Where(coding => coding != "identity")
                .ToList();

    /// <summary>True when the fetcher undoes every coding of <paramref name="contentEncoding"/>, so the kept body is decoded.</summary>
    public static bool IsDecoded(string? contentEncoding) => Parse(contentEncoding).All(IsKnown);

    /// <summary>
    /// A stream of the decoded body, undoing the codings last applied first; a body with a coding never offered is left
    /// as it came (and its <c>Content-Encoding</c> still describes it).
    /// </summary>
    public static Stream Decode(Stream body, string? contentEncoding)
    {
        var codings = Parse(contentEncoding);
        if (!codings.All(IsKnown))
        {
            return body;
        }

        for (var i = codings.Count - 1; i >= 0; i--)
        {
            body = codings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress),
                // RFC 9110's deflate is the zlib format.
                "deflate" => new ZLibStream(body, CompressionMode.Decompress),
                _ => new BrotliStream(body, CompressionMode.Decompress),
            };
        }

        return body;
    }

    private static bool IsKnown(string coding) => coding is "gzip" or "x-gzip" or "deflate" or "br";
}
