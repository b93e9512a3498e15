using System.Text.RegularExpressions;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Tells what a link's target is (a PDF's URI annotation, a Word file's hyperlink): an http(s) URL to watch, or the
/// reason it is skipped (see <see cref="SkipReasons"/>).
/// </summary>
internal static partial class LinkTargets
{
    /// <summary>
    /// The normalized URL of <paramref name="target"/>, or null with the reason it is not one: <c>mailto:</c> and bare
    /// addresses are <see cref="SkipReasons.Email"/>, other schemes <see cref="SkipReasons.Scheme"/>, targets without a
    /// scheme or <c>www.</c> <see cref="SkipReasons.RelativeWithoutBase"/> (a file has no address to resolve them
    /// against), and http(s) targets the normalizer refuses <see cref="SkipReasons.Malformed"/>.
    /// </summary>
    public static NormalizedUrl? Classify(string target, out string? reason)
    {
        reason = null;
        var trimmed = target.Trim();
        var web = trimmed.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            || (Scheme().Match(trimmed) is { Success: true } scheme && scheme.Groups["s"].Value.ToUpperInvariant() is "HTTP" or "HTTPS");
        if (web)
        {
            if (UrlNormalizer.TryNormalize(trimmed, out var normalized, out _))
            {
                return normalized;
            }

            reason = SkipReasons.Malformed;
            return null;
        }

        reason = trimmed switch
        {
            "" => SkipReasons.Malformed,
            _ when trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) => SkipReasons.Email,
            _ when Scheme().IsMatch(trimmed) => SkipReasons.Scheme,
            _ when EmailAddress().IsMatch(trimmed) => SkipReasons.Email,
            _ => SkipReasons.RelativeWithoutBase,
        };
        return null;
    }

    // A scheme is letters, digits, + - . after a first letter, then a colon (RFC 3986, 3.1).
    [GeneratedRegex(@"^(?<s>[A-Za-z][A-Za-z0-9+.\-]*):", RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
