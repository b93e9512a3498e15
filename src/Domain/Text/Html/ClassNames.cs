using System.Text;
using HtmlAgilityPack;
using static CitationMonitor.Domain.Text.Html.ChromeVocabulary;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// What an element's class names and id say: split into lower-cased tokens (camelCase words apart), and whether a token
/// names chrome (a chrome word, alone, as a part, or spelt over several parts) or a page-level header.
/// </summary>
internal static class ClassNames
{
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChromeWordSpans =
        ChromeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // What SpellsChromeWord may join: every chrome word's beginnings, and its length.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChromeWordPrefixSpans =
        ChromeWords.SelectMany(word => Enumerable.Range(1, word.Length - 1).Select(length => word[..length]))
            .ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int LongestChromeWord = ChromeWords.Max(word => word.Length);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HeaderWordSpans =
        HeaderWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HeaderCompanionSpans =
        HeaderCompanions.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CommentWordSpans =
        CommentWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotChromePartSpans =
        NotChromeParts.GetAlternateLookup<ReadOnlySpan<char>>();

    // Parts of a token looked at; a longer token's further parts are ignored.
    private const int MaxTokenParts = 16;

    // Tokens up to half this long are rewritten on the stack.
    private const int StackTokenChars = 256;

    /// <summary>
    /// A page-level header (or Spanish footer, "pie") name: a header word, alone or with parts that only place it
    /// (<see cref="HeaderCompanions"/>).
    /// </summary>
    internal static bool IsHeaderToken(string token)
    {
        if (HeaderWords.Contains(token))
        {
            return true;
        }

        Span<Range> parts = stackalloc Range[MaxTokenParts];
        var count = TokenParts(token, parts);
        var hasHeaderWord = false;
        foreach (var range in parts[..count])
        {
            var part = token.AsSpan(range);
            if (HeaderWordSpans.Contains(part))
            {
                hasHeaderWord = true;
            }
            else if (!HeaderCompanionSpans.Contains(part))
            {
                return false;
            }
        }

        return hasHeaderWord;
    }

    /// <summary>
    /// The element's class names and id, lower-cased, with a '-' where a camelCase name starts a new word:
    /// <c>cookieConsent</c> becomes <c>cookie-consent</c>, <c>CybotCookiebotDialog</c> <c>cybot-cookiebot-dialog</c>,
    /// <c>XMLHttpRequest</c> <c>xml-http-request</c>.
    /// </summary>
    internal static string[] ClassTokens(HtmlNode node)
    {
        var classes = node.GetAttributeValue("class", "");
        var id = node.GetAttributeValue("id", "");
        if (classes.Length == 0 && id.Length == 0)
        {
            return [];
        }

        var count = CountTokens(classes) + CountTokens(id);
        if (count == 0)
        {
            return [];
        }

        var tokens = new string[count];
        var next = AddTokens(classes, tokens, 0);
        AddTokens(id, tokens, next);
        return tokens;
    }

    private static int CountTokens(string value)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in value)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inToken)
            {
                count++;
            }

            inToken = !white;
        }

        return count;
    }

    private static int AddTokens(string value, string[] tokens, int next)
    {
        var i = 0;
        while (i < value.Length)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < value.Length && !char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            tokens[next++] = LowerWords(value.AsSpan(start, i - start));
        }

        return next;
    }

    /// <summary>The token lower-cased, with a '-' before each camelCase word.</summary>
    private static string LowerWords(ReadOnlySpan<char> raw)
    {
        // Most names are lower-case ASCII already: nothing to split or lower.
        if (!raw.ContainsAnyInRange('A', 'Z') && Ascii.IsValid(raw))
        {
            return raw.ToString();
        }

        // At most one '-' before each character but the first.
        var capacity = raw.Length * 2;
        Span<char> buffer = capacity <= StackTokenChars ? stackalloc char[capacity] : new char[capacity];
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (i > 0 && StartsWord(raw, i))
            {
                buffer[written++] = '-';
            }

            buffer[written++] = char.ToLowerInvariant(raw[i]);
        }

        return new string(buffer[..written]);
    }

    /// <summary>
    /// Whether the capital at <paramref name="i"/> starts a camelCase word: after a lower-case letter or digit
    /// ("cookie|Consent", "h1|Title"), or as the last capital of an acronym followed by a word ("XML|Http"), but not
    /// before a plural's "s" ("IDs").
    /// </summary>
    private static bool StartsWord(ReadOnlySpan<char> raw, int i)
    {
        if (!char.IsUpper(raw[i]))
        {
            return false;
        }

        var previous = raw[i - 1];
        if (char.IsLower(previous) || char.IsDigit(previous))
        {
            return true;
        }

        if (!char.IsUpper(previous) || i + 1 >= raw.Length || !char.IsLower(raw[i + 1]))
        {
            return false;
        }

        var plural = raw[i + 1] == 's' && (i + 2 == raw.Length || !char.IsLower(raw[i + 2]));
        return !plural;
    }

    /// <summary>
    /// The parts of a lower-cased token, split at '-' and '_', without trailing digits ("Menu1", "sidebar-2"): the
    /// ranges go to <paramref name="parts"/>, and the count is returned. All-digit parts are left out.
    /// </summary>
    private static int TokenParts(string token, Span<Range> parts)
    {
        var count = 0;
        var i = 0;
        while (i < token.Length && count < parts.Length)
        {
            if (token[i] is '-' or '_')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < token.Length && token[i] is not ('-' or '_'))
            {
                i++;
            }

            var end = i;
            while (end > start && char.IsAsciiDigit(token[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                parts[count++] = start..end;
            }
        }

        return count;
    }

    internal static bool IsChromeToken(string token)
    {
        if (ChromeWords.Contains(token))
        {
            return true;
        }

        Span<Range> parts = stackalloc Range[MaxTokenParts];
        parts = parts[..TokenParts(token, parts)];
        var chrome = false;
        foreach (var range in parts)
        {
            var part = token.AsSpan(range);
            if (NotChromePartSpans.Contains(part))
            {
                return false;
            }

            chrome = chrome || ChromeWordSpans.Contains(part) || StartsWithAny(part, ChromePrefixes);
        }

        return chrome || parts.Length > 1 && SpellsChromeWord(token, parts);
    }

    /// <summary>Whether two or more consecutive parts spell a chrome word: "side-bar", "breadCrumbs", "pieDePagina".</summary>
    private static bool SpellsChromeWord(string token, ReadOnlySpan<Range> parts)
    {
        Span<char> joined = stackalloc char[LongestChromeWord];
        for (var first = 0; first < parts.Length - 1; first++)
        {
            var length = 0;
            for (var last = first; last < parts.Length; last++)
            {
                var part = token.AsSpan(parts[last]);
                if (length + part.Length > joined.Length)
                {
                    break;
                }

                part.CopyTo(joined[length..]);
                length += part.Length;
                if (last > first && ChromeWordSpans.Contains(joined[..length]))
                {
                    return true;
                }

                if (!ChromeWordPrefixSpans.Contains(joined[..length]))
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a token names readers' comments: a part that starts with a comment word, or a comment form's name.</summary>
    internal static bool IsCommentToken(string token)
    {
        Span<Range> parts = stackalloc Range[MaxTokenParts];
        parts = parts[..TokenParts(token, parts)];
        foreach (var range in parts)
        {
            var part = token.AsSpan(range);
            if (NotChromePartSpans.Contains(part))
            {
                return false;
            }

            if (StartsWithAny(part, CommentPrefixes) || CommentWordSpans.Contains(part))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> part, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (part.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
