namespace CitationMonitor.Domain.Checks;

/// <summary>What a host answered for a path that cannot exist on it.</summary>
/// <param name="HttpStatus">The final HTTP status; null when no answer came.</param>
/// <param name="Url">The random path asked for.</param>
/// <param name="FinalUrl">Where the answer came from, after redirects.</param>
/// <param name="Fingerprint">The fingerprint of the answer's main text; null when it had none.</param>
public sealed record ProbeAnswer(int? HttpStatus, string Url, string FinalUrl, TextFingerprint? Fingerprint);

/// <summary>A 2xx answer to a cited URL, as judged against the host's probe.</summary>
/// <param name="Url">The URL asked for.</param>
/// <param name="FinalUrl">Where the answer came from, after redirects.</param>
/// <param name="Fingerprint">The fingerprint of the answer's main text.</param>
public sealed record CitedAnswer(string Url, string FinalUrl, TextFingerprint Fingerprint);

/// <summary>How a cited URL's answer matched the host's answer to a path that cannot exist.</summary>
public enum NotFoundTemplateMatch
{
    /// <summary>The main text is the host's not-found text (near fingerprints).</summary>
    SameText,
    /// <summary>Both were redirected to the same page, which is not the one cited.</summary>
    SameFinalUrl,
}

/// <summary>
/// Recognises a host's "not found" template served with 2xx: when a path that cannot exist answers 2xx, a cited URL
/// whose answer reads like that one (or ends on the same page) is no more there than the random path.
/// </summary>
public static class NotFoundTemplate
{
    /// <summary>
    /// The match, or null when the answer is not the host's not-found answer. A probe that did not answer 2xx (a real
    /// 404 or 410, an error) tells nothing about 2xx pages and never matches.
    /// </summary>
    public static NotFoundTemplateMatch? Match(ProbeAnswer probe, CitedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(answer);
        if (probe.HttpStatus is not (>= 200 and < 300))
        {
            return null;
        }

        if (SamePage(probe.FinalUrl, answer.FinalUrl) && !SamePage(probe.FinalUrl, probe.Url) && !SamePage(answer.FinalUrl, answer.Url))
        {
            return NotFoundTemplateMatch.SameFinalUrl;
        }

        return probe.Fingerprint is { } template && template.IsNear(answer.Fingerprint) ? NotFoundTemplateMatch.SameText : null;
    }

    /// <summary>
    /// Same scheme, host, port and path (case of the path kept): error pages often carry the requested path in the
    /// query, as IIS does with <c>/error.aspx?aspxerrorpath=/x</c>, so the query and fragment are not compared.
    /// </summary>
    private static bool SamePage(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var first) && Uri.TryCreate(b, UriKind.Absolute, out var second)
            ? Uri.Compare(first, second, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.Ordinal) == 0
            : string.Equals(a, b, StringComparison.Ordinal);
}
