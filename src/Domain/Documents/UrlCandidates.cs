using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// A URL a document gives in a field or attribute (a link's target, a reference's <c>url</c>): whether it can be
/// checked, and when not, which of <see cref="SkipReasons"/> says why; and relative links resolved as browsers do.
/// </summary>
internal static partial class UrlCandidates
{
    /// <summary>
    /// Normalizes <paramref name="url"/>, or says why it is skipped: <see cref="SkipReasons.Email"/> for a
    /// <c>mailto:</c> link or a bare address, <see cref="SkipReasons.Scheme"/> for another scheme (<c>ftp:</c>,
    /// <c>tel:</c>, <c>javascript:</c>, <c>file:</c>, <c>data:</c>...), <see cref="SkipReasons.Malformed"/> for the rest.
    /// </summary>
    public static bool TryAccept(string url, [NotNullWhen(true)] out NormalizedUrl? normalized, [NotNullWhen(false)] out string? reason)
    {
        if (UrlNormalizer.TryNormalize(url, out normalized, out _))
        {
            reason = null;
            return true;
        }

        var scheme = SchemeOf(url);
        reason = scheme switch
        {
            "mailto" => SkipReasons.Email,
            "http" or "https" => SkipReasons.Malformed,
            not null => SkipReasons.Scheme,
            null when BareEmailAddress().IsMatch(url.Trim()) => SkipReasons.Email,
            _ => SkipReasons.Malformed,
        };
        return false;
    }

    /// <summary>
    /// The scheme of <paramref name="url"/>, lower-cased; null when it has none. A host and port
    /// (<c>example.org:8080/</c>, <c>localhost:8080</c>) is not a scheme.
    /// </summary>
    public static string? SchemeOf(string url)
    {
        var match = Scheme().Match(url.TrimStart());
        if (!match.Success)
        {
            return null;
        }

        var scheme = match.Groups["scheme"].Value;
        var after = url.TrimStart()[match.Length..];
        return scheme.Contains('.', StringComparison.Ordinal) || (after.Length > 0 && char.IsAsciiDigit(after[0]))
            ? null
            : scheme.ToLowerInvariant();
    }

    /// <summary>
    /// <paramref name="reference"/> (a link's target without a scheme) resolved against <paramref name="baseUrl"/> (an
    /// absolute http(s) URL), as RFC 3986 and browsers do: <c>//host/path</c> takes the base's scheme, <c>/path</c> its
    /// host, <c>?query</c> its path, anything else replaces the last segment of its path. Dot segments are resolved;
    /// backslashes in the path are slashes, as browsers read them.
    /// </summary>
    public static string Resolve(string reference, string baseUrl)
    {
        var parts = BaseParts().Match(baseUrl);
        var scheme = parts.Groups["scheme"].Value;
        var authority = parts.Groups["authority"].Value;
        var basePath = parts.Groups["path"].Value;
        var baseQuery = parts.Groups["query"].Value;

        var (path, tail) = SplitPath(reference.Replace('\\', '/'), reference);
        if (reference.StartsWith("//", StringComparison.Ordinal) || reference.StartsWith(@"\\", StringComparison.Ordinal))
        {
            return scheme + ":" + path + tail;
        }

        if (path.StartsWith('/'))
        {
            return scheme + "://" + authority + UrlPaths.RemoveDotSegments(path) + tail;
        }

        if (path.Length == 0)
        {
            // "?query" (or "#fragment", which callers never pass): the base's path, with the reference's query.
            return scheme + "://" + authority + (basePath.Length == 0 ? "/" : basePath) + (tail.Length == 0 ? baseQuery : tail);
        }

        var directory = basePath.Length == 0 ? "/" : basePath[..(basePath.LastIndexOf('/') + 1)];
        return scheme + "://" + authority + UrlPaths.RemoveDotSegments(directory + path) + tail;
    }

    /// <summary>The path of a reference (with backslashes read as slashes) and its query and fragment as written.</summary>
    private static (string Path, string Tail) SplitPath(string slashed, string original)
    {
        var end = original.IndexOfAny(['?', '#']);
        return end < 0 ? (slashed, "") : (slashed[..end], original[end..]);
    }

    /// <summary>Whether <paramref name="url"/> is an absolute http(s) URL that a relative link can be resolved against.</summary>
    public static bool IsBase(string? url) =>
        url is not null && BaseParts().IsMatch(url) && UrlNormalizer.TryNormalize(url, out _, out _);

    /// <summary>
    /// A link's target as browsers read it: without the whitespace around it, without tabs and line breaks inside it,
    /// and with the spaces inside it percent-encoded.
    /// </summary>
    public static string CleanTarget(string raw)
    {
        var trimmed = raw.Trim();
        var sb = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed)
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            sb.Append(c == ' ' ? "%20" : c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// What is listed as skipped: the piece as written, whitespace collapsed, and cut to about 300 characters (a
    /// <c>data:</c> link can be megabytes long; its start says what it is).
    /// </summary>
    public static SkippedText Skip(string text, string reason) => new(CitationSurroundings.Context("", text.Trim(), ""), reason);

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^(?<scheme>https?)://(?<authority>[^/?#\\]*)(?<path>[^?#]*)(?<query>\?[^#]*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BaseParts();

    [GeneratedRegex(@"^[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BareEmailAddress();
}
