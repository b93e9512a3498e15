using System.Buffers;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// The start of an HTML answer as the quick judgements read it (<see cref="MetaRefresh"/>, and in
/// <see cref="SoftErrorRules"/> the challenge, sign-in and error pages): its first <see cref="InspectedBytes"/> bytes
/// decoded once (<see cref="ContentTypes.QuickEncoding"/>) into a buffer of the pool, given back when the head is
/// disposed, with its title and first headings found once, however many judgements ask for them. A check reads every
/// page it fetches this way, so the decoded text is never a string of its own.
/// </summary>
public sealed class PageHead : IDisposable
{
    /// <summary>Bytes of the body read: the title, the headings and a refresh are at the start of a page.</summary>
    public const int InspectedBytes = 64 * 1024;

    private char[]? _chars;
    private readonly int _length;

    private PageHead(char[] chars, int length)
    {
        _chars = chars;
        _length = length;
    }

    /// <summary>The decoded start of the page.</summary>
    /// <exception cref="ObjectDisposedException">The head was disposed: its buffer is back in the pool.</exception>
    public ReadOnlySpan<char> Text =>
        (_chars ?? throw new ObjectDisposedException(nameof(PageHead))).AsSpan(0, _length);

    internal Element? Title { get; set; }

    internal Element? Heading { get; set; }

    internal Element? Subheading { get; set; }

    /// <summary>The start of the body, or null when there is no body or it is not HTML (a missing type counts as HTML).</summary>
    public static PageHead? Of(string? contentType, byte[]? body)
    {
        if (body is not { Length: > 0 } || !IsHtml(contentType))
        {
            return null;
        }

        // UTF-8 and Latin-1 give at most one character per byte.
        var bytes = body.AsSpan(0, Math.Min(body.Length, InspectedBytes));
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        return new PageHead(chars, ContentTypes.QuickEncoding(contentType).GetChars(bytes, chars));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _chars, null) is { } chars)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    internal static bool IsHtml(string? contentType) =>
        contentType is null || contentType.Contains("html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The first element a pattern such as <c>&lt;title\b[^&gt;]*&gt;(.*?)&lt;/title\s*&gt;</c> finds, and its inner
    /// markup: what lies between the end of its opening tag (its attributes hold no "&gt;") and its closing tag, the
    /// last "&lt;/" of the match.
    /// </summary>
    internal readonly record struct Element(bool Found, string Inner)
    {
        public static Element Find(Regex element, ReadOnlySpan<char> text)
        {
            foreach (var match in element.EnumerateMatches(text))
            {
                var found = text.Slice(match.Index, match.Length);
                var start = found.IndexOf('>') + 1;
                var end = found.LastIndexOf("</", StringComparison.Ordinal);
                return new Element(true, end >= start ? found[start..end].ToString() : "");
            }

            return new Element(false, "");
        }
    }
}
