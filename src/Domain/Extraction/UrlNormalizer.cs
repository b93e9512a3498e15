using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CitationMonitor.Domain.Extraction;

/// <summary>
/// Turns a cited URL into the canonical form used to fetch it and to tell sources apart.
/// </summary>
/// <remarks>
/// <para>
/// Accepted: absolute <c>http</c> and <c>https</c> URLs, and bare hosts starting with <c>www.</c>
/// (fetched as <c>http://</c>). Rejected with an error: other schemes, relative URLs, a missing
/// host, a user name or password (<c>user:pass@</c>), an invalid port or host, and whitespace or
/// control characters inside the URL. IP-literal hosts are accepted; whether they may be
/// contacted is the fetcher's decision.
/// </para>
/// <para>
/// Normalization is deliberately conservative so that the URL fetched is the URL cited:
/// scheme and host are lower-cased, an internationalized host becomes punycode, a trailing dot
/// of the host is dropped, the default port (80 for http, 443 for https) is dropped, an empty
/// path becomes <c>/</c>, <c>.</c> and <c>..</c> path segments are resolved, the fragment is
/// dropped, tracking parameters (<c>utm_*</c>, <c>fbclid</c>, <c>gclid</c>... and Twitter's
/// share parameters <c>s</c> and <c>t</c> on twitter.com and x.com) are removed, and an empty
/// query is dropped. Every other query parameter keeps its position and spelling: nothing is
/// decoded; only characters that cannot appear in a URL (non-ASCII text, <c>"</c>, <c>&lt;</c>,
/// <c>&gt;</c>, <c>`</c>, <c>{</c>, <c>}</c>, <c>|</c>, <c>^</c>, a <c>%</c> that starts no escape)
/// are percent-encoded, and the hex digits of escapes are upper-cased.
/// </para>
/// </remarks>
public static class UrlNormalizer
{
    private const string UnsupportedScheme = "only http and https URLs can be checked";

    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
        "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid",
        "s_cid", "ref_src",
    };

    // Twitter's "share" parameters say who shared the link and from which app, not what it shows.
    private static readonly HashSet<string> TwitterHosts = new(StringComparer.Ordinal)
    {
        "twitter.com", "www.twitter.com", "mobile.twitter.com", "x.com", "www.x.com", "mobile.x.com",
    };

    private static readonly HashSet<string> TwitterShareParameters = new(StringComparer.OrdinalIgnoreCase) { "s", "t" };

    /// <summary>Normalizes <paramref name="url"/>, or says why it cannot be checked.</summary>
    /// <param name="url">A URL as cited; surrounding whitespace is ignored.</param>
    /// <param name="normalized">The canonical form, when the URL is acceptable.</param>
    /// <param name="error">A short, human-readable reason, when it is not.</param>
    /// <returns>Whether the URL is an acceptable http(s) URL.</returns>
    public static bool TryNormalize(
        string url,
        [NotNullWhen(true)] out NormalizedUrl? normalized,
        [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = Parse(url, out var result);
        if (error is not null)
        {
            return false;
        }

        normalized = result!;
        return true;
    }

    /// <summary>Normalizes <paramref name="url"/>.</summary>
    /// <param name="url">A URL as cited; surrounding whitespace is ignored.</param>
    /// <returns>The canonical form.</returns>
    /// <exception cref="FormatException">The URL cannot be checked; the message says why.</exception>
    public static NormalizedUrl Normalize(string url) =>
        TryNormalize(url, out var normalized, out var error) ? normalized : throw new FormatException(error);

    /// <summary>Whether a query parameter name is one of the tracking parameters removed for <paramref name="host"/>.</summary>
    internal static bool IsTrackingParameter(string name, string host) =>
        name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
        || TrackingParameters.Contains(name)
        || (TwitterHosts.Contains(host) && TwitterShareParameters.Contains(name));

    private static string? Parse(string? input, out NormalizedUrl? result)
    {
        result = null;
        var url = input?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            return "the URL is empty";
        }

        foreach (var c in url)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "the URL contains spaces or control characters";
            }
        }

        if (url.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            url = "http://" + url;
        }

        var colon = SchemeLength(url);
        if (colon < 0)
        {
            return "not an absolute URL: it needs to start with http:// or https://";
        }

        var scheme = url[..colon].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            return $"{UnsupportedScheme} (this one is {scheme}:)";
        }

        var rest = url[(colon + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return $"malformed URL: expected // after {scheme}:";
        }

        rest = rest[2..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#', '\\']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        rest = authorityEnd < 0 ? "" : rest[authorityEnd..];

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return "URLs with a user name or password (user:password@host) are not accepted";
        }

        var error = UrlHosts.SplitHostAndPort(authority, out var rawHost, out var port);
        if (error is not null)
        {
            return error;
        }

        error = UrlHosts.NormalizeHost(rawHost, out var host);
        if (error is not null)
        {
            return error;
        }

        if (rest.StartsWith('\\'))
        {
            return "malformed URL: a backslash follows the host";
        }

        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rest : rest[..question];
        var rawQuery = question < 0 ? null : rest[(question + 1)..];

        var path = UrlPaths.RemoveDotSegments(UrlPaths.EncodeInvalid(rawPath.Replace('\\', '/'), isQuery: false));
        if (path.Length == 0)
        {
            path = "/";
        }

        var query = rawQuery is null ? "" : NormalizeQuery(UrlPaths.EncodeInvalid(rawQuery, isQuery: true), host);

        var defaultPort = scheme == "http" ? 80 : 443;
        var authorityOut = port is null || port == defaultPort ? host : $"{host}:{port.Value.ToString(CultureInfo.InvariantCulture)}";
        var key = authorityOut + path + query;
        var absolute = scheme + "://" + key;

        // A last safety net: whatever we produce must be a URL the HTTP stack accepts as is.
        if (!Uri.TryCreate(absolute, UriKind.Absolute, out var check) || check.Scheme != scheme)
        {
            return "malformed URL";
        }

        result = new NormalizedUrl(absolute, key, host);
        return null;
    }

    /// <summary>Index of the colon that ends a syntactically valid scheme, or -1.</summary>
    private static int SchemeLength(string url)
    {
        if (url.Length == 0 || !char.IsAsciiLetter(url[0]))
        {
            return -1;
        }

        for (var i = 1; i < url.Length; i++)
        {
            var c = url[i];
            if (c == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return -1;
            }
        }

        return -1;
    }

    private static string NormalizeQuery(string query, string host)
    {
        var kept = new List<string>();
        foreach (var parameter in query.Split('&'))
        {
            if (parameter.Length == 0)
            {
                continue;
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? parameter : parameter[..equals];
            if (!IsTrackingParameter(name, host))
            {
                kept.Add(parameter);
            }
        }

        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }
}
