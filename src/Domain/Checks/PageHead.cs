using System.Text.RegularExpressions;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// The start of an HTML answer as the quick judgements read it (<see cref="MetaRefresh"/>, and in
/// <see cref="SoftErrorRules"/> the challenge, sign-in and error pages): its first <see cref="InspectedBytes"/> bytes
/// decoded once (<see cref="ContentTypes.QuickEncoding"/>), with its title and first headings found once, however
/// many judgements ask for them.
/// </summary>
public sealed class PageHead
{
    /// <summary>Bytes of the body read: the title, the headings and a refresh are at the start of a page.</summary>
    public const int InspectedBytes = 64 * 1024;

    private PageHead(string text) => Text = text;

    /// <summary>The decoded start of the page.</summary>
    public string Text { get; }

    internal Match? Title { get; set; }

    internal Match? Heading { get; set; }

    internal Match? Subheading { get; set; }

    /// <summary>The start of the body, or null when there is no body or it is not HTML (a missing type counts as HTML).</summary>
    public static PageHead? Of(string? contentType, byte[]? body) =>
        body is { Length: > 0 } && IsHtml(contentType)
            ? new(ContentTypes.QuickEncoding(contentType).GetString(body.AsSpan(0, Math.Min(body.Length, InspectedBytes))))
            : null;

    internal static bool IsHtml(string? contentType) =>
        contentType is null || contentType.Contains("html", StringComparison.OrdinalIgnoreCase);
}
