using HtmlAgilityPack;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// The <c>&lt;meta http-equiv="refresh" content="N; url=…"&gt;</c> redirect of an HTML page, read the way browsers
/// read it: a delay of at most <see cref="MaxDelaySeconds"/> seconds, the URL quoted or not, relative URLs resolved
/// against the page's URL. A refresh without a URL, to the page itself, with a longer delay, inside
/// <c>&lt;noscript&gt;</c>, or to a URL that does not parse is no redirect.
/// </summary>
public static class MetaRefresh
{
    /// <summary>Longest delay still taken as a redirect; beyond it the page is the content and only reloads itself.</summary>
    public const int MaxDelaySeconds = 30;

    /// <summary>Only the start of the page is read, in characters: the tag belongs in the head.</summary>
    internal const int InspectedChars = 16 * 1024;

    /// <summary>The URL the page sends the reader to, or null when it is no redirect.</summary>
    public static Uri? FindTarget(Uri current, string? contentType, byte[]? body)
    {
        using var head = PageHead.Of(contentType, body);
        return FindTarget(current, head);
    }

    /// <inheritdoc cref="FindTarget(Uri, string, byte[])"/>
    public static Uri? FindTarget(Uri current, PageHead? head)
    {
        if (head is null)
        {
            return null;
        }

        var start = head.Text[..Math.Min(head.Text.Length, InspectedChars)];
        if (!start.Contains("refresh", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var document = new HtmlDocument();
        document.LoadHtml(start.ToString());
        var meta = document.DocumentNode.Descendants("meta").FirstOrDefault(node =>
            string.Equals(node.GetAttributeValue("http-equiv", null)?.Trim(), "refresh", StringComparison.OrdinalIgnoreCase)
            && !node.Ancestors("noscript").Any());
        if (meta?.GetAttributeValue("content", null) is not { } content
            || Parse(HtmlEntity.DeEntitize(content)) is not { } refresh
            || refresh.DelaySeconds > MaxDelaySeconds
            || refresh.Url is not { } url
            || !Uri.TryCreate(current, url, out var target))
        {
            return null;
        }

        return SameResource(current, target) ? null : target;
    }

    /// <summary>
    /// Parses a refresh declaration ("5", "0; url=/new", "0;URL='http://x/'", "3, http://x/") after the HTML standard's
    /// declarative refresh steps; null when it is malformed. <see cref="Refresh.Url"/> is null for a plain reload.
    /// </summary>
    internal static Refresh? Parse(string content)
    {
        var position = SkipWhitespace(content, 0);
        var digitsStart = position;
        while (position < content.Length && char.IsAsciiDigit(content[position]))
        {
            position++;
        }

        if (position == digitsStart && (position >= content.Length || content[position] != '.'))
        {
            return null;
        }

        var digits = content.AsSpan(digitsStart, position - digitsStart);
        var delay = digits.Length == 0 ? 0 : digits.Length > 9 ? int.MaxValue : int.Parse(digits, provider: null);
        while (position < content.Length && (char.IsAsciiDigit(content[position]) || content[position] == '.'))
        {
            position++;
        }

        if (position >= content.Length)
        {
            return new Refresh(delay, null);
        }

        if (content[position] is not (';' or ',') && !IsWhitespace(content[position]))
        {
            return null;
        }

        position = SkipWhitespace(content, position);
        if (position < content.Length && content[position] is ';' or ',')
        {
            position = SkipWhitespace(content, position + 1);
        }

        if (content.AsSpan(position).StartsWith("url", StringComparison.OrdinalIgnoreCase))
        {
            var afterName = SkipWhitespace(content, position + 3);
            if (afterName < content.Length && content[afterName] == '=')
            {
                position = SkipWhitespace(content, afterName + 1);
            }
        }

        var url = content[position..];
        if (url.Length > 0 && url[0] is '"' or '\'')
        {
            var end = url.IndexOf(url[0], 1);
            url = end < 0 ? url[1..] : url[1..end];
        }

        url = url.Trim();
        return new Refresh(delay, url.Length == 0 ? null : url);
    }

    /// <summary>The same URL but for the fragment: a page that reloads itself.</summary>
    private static bool SameResource(Uri current, Uri target) =>
        string.Equals(
            current.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped),
            target.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped),
            StringComparison.Ordinal);

    private static int SkipWhitespace(string text, int position)
    {
        while (position < text.Length && IsWhitespace(text[position]))
        {
            position++;
        }

        return position;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    internal readonly record struct Refresh(int DelaySeconds, string? Url);
}
