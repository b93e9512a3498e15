using System.Diagnostics.CodeAnalysis;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>A redirect target the fetch will not follow: the check's <c>error</c> and <c>reason</c>.</summary>
internal readonly record struct RedirectRefusal(string Error, string Reason);

/// <summary>
/// Where a redirect sends a fetch, read from its Location header exactly as received. A target is followed only when
/// it is a plain http(s) URL, absolute or relative to the page: anything a browser and a server could read two ways
/// (a backslash where a slash belongs, as in <c>http:\\host</c> or <c>/\host</c>; spaces or control characters; a
/// scheme without its <c>//host</c>; an empty host or a bad port) is refused, so the check ends as <c>invalid_url</c>
/// with a reason instead of guessing, or of judging the redirect itself as the final answer.
/// </summary>
internal static class RedirectTargets
{
    private const string Malformed = "redirect to a malformed URL";

    /// <summary>The target of <paramref name="location"/>, relative to <paramref name="current"/>, or why it is refused.</summary>
    public static bool TryResolve(Uri current, string location, [NotNullWhen(true)] out Uri? next, out RedirectRefusal refused)
    {
        next = null;
        if (Refuse(current, location) is { } refusal)
        {
            refused = refusal;
            return false;
        }

        if (!Uri.TryCreate(current, location, out next))
        {
            refused = new(Malformed, CheckReasons.MalformedUrl);
            return false;
        }

        refused = default;
        return true;
    }

    /// <summary>A refusal of several Location headers: which one a browser would follow is anyone's guess.</summary>
    public static RedirectRefusal Several { get; } = new($"{Malformed}: the answer has several Location headers", CheckReasons.MalformedUrl);

    private static RedirectRefusal? Refuse(Uri current, string location)
    {
        if (location.Length == 0)
        {
            return MalformedBecause("the Location header is empty");
        }

        // ASCII only: a server sending its path in raw UTF-8 is read as Latin-1, whose letters include C1 controls.
        if (location.Any(c => c < ' ' || c == '\u007f'))
        {
            return MalformedBecause("the Location contains control characters");
        }

        if (location.Contains(' ', StringComparison.Ordinal))
        {
            return MalformedBecause("the Location contains spaces");
        }

        var queryOrFragment = location.IndexOfAny(['?', '#']);
        if ((queryOrFragment < 0 ? location : location[..queryOrFragment]).Contains('\\', StringComparison.Ordinal))
        {
            return MalformedBecause("the Location has a backslash where only a slash may stand");
        }

        string absolute;
        if (SchemeOf(location) is { } scheme)
        {
            if (scheme is not ("http" or "https"))
            {
                return new($"redirect to unsupported scheme '{scheme}'", CheckReasons.UnsupportedScheme);
            }

            absolute = location;
        }
        else if (location.StartsWith("//", StringComparison.Ordinal))
        {
            absolute = current.Scheme + ":" + location;
        }
        else
        {
            // A path, a query or a fragment on the page's own host: nothing more to judge before resolving it.
            return null;
        }

        var afterScheme = absolute[(absolute.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (!afterScheme.StartsWith("//", StringComparison.Ordinal))
        {
            return MalformedBecause("the Location has no host");
        }

        var authorityEnd = afterScheme.IndexOfAny(['/', '?', '#'], 2);
        var authority = authorityEnd < 0 ? afterScheme[2..] : afterScheme[2..authorityEnd];
        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return new("redirect to a URL with credentials", CheckReasons.CredentialsInUrl);
        }

        // The rules a cited URL's host is held to: a host that is one, a port from 1 to 65535.
        var origin = absolute[..absolute.IndexOf(':', StringComparison.Ordinal)] + "://" + authority + "/";
        return UrlNormalizer.TryNormalize(origin, out _, out var error) ? null : MalformedBecause(error);
    }

    private static RedirectRefusal MalformedBecause(string why) => new($"{Malformed}: {why}", CheckReasons.MalformedUrl);

    /// <summary>The scheme (lower case) that <paramref name="location"/> starts with, or null when it is relative.</summary>
    private static string? SchemeOf(string location)
    {
        if (location.Length == 0 || !char.IsAsciiLetter(location[0]))
        {
            return null;
        }

        for (var i = 1; i < location.Length; i++)
        {
            var c = location[i];
            if (c == ':')
            {
                return location[..i].ToLowerInvariant();
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return null;
            }
        }

        return null;
    }
}
