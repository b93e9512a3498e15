namespace CitationMonitor.Domain.Text;

/// <summary>
/// Whether two versions of an HTML page differ only where no extraction reads: inside comments (a "generated at"
/// stamp) or inside the values of hidden inputs (a session or CSRF token, ASP.NET's view state). Such a page has its
/// earlier version's text, so it need not be extracted again. The answer is "no" whenever the change cannot be placed for
/// certain: versions of different lengths, a change with anything but printable ASCII other than markup and quote
/// characters, a change in text, in a tag's name or another attribute, in a raw-text element (a title, a script), or
/// after markup it does not follow.
/// </summary>
public static class TextNeutralEdits
{
    // Elements whose content is text or script, not markup: "<input" or "<!--" inside them is no input and no comment.
    private static readonly string[] RawTextElements =
        ["script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];

    /// <summary>At most this many separate changes are placed (a token is often in a comment and a form both).</summary>
    private const int MaxChanges = 8;

    /// <summary>Equal bytes between two changed ones shorter than this are taken into one change (a token's chance agreements).</summary>
    private const int MinGap = 8;

    /// <summary>
    /// True when <paramref name="before"/> and <paramref name="after"/> differ only inside comments or hidden inputs'
    /// values (each change in one of them).
    /// </summary>
    public static bool OnlyOutsideText(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        if (before.Length != after.Length)
        {
            return false;
        }

        var changes = 0;
        var at = 0;
        while (true)
        {
            at += before[at..].CommonPrefixLength(after[at..]);
            if (at == before.Length)
            {
                return true;
            }

            var start = at;
            var end = at + 1;
            while (end < before.Length)
            {
                var same = before[end..].CommonPrefixLength(after[end..]);
                if (same >= MinGap || end + same == before.Length)
                {
                    break;
                }

                end += same + 1;
            }

            if (++changes > MaxChanges || !Plain(before[start..end]) || !Plain(after[start..end]) || !InNeutralPlace(before, start, end))
            {
                return false;
            }

            at = end;
        }
    }

    /// <summary>Where the changed bytes [<paramref name="start"/>, <paramref name="end"/>) stand, by a scan of the markup before them.</summary>
    private static bool InNeutralPlace(ReadOnlySpan<byte> html, int start, int end)
    {
        var at = 0;
        while (true)
        {
            var open = html[at..start].IndexOf((byte)'<');
            if (open < 0)
            {
                return false;                                   // in text
            }

            var p = at + open;
            var rest = html[p..];
            if (rest.StartsWith("<!--"u8))
            {
                var close = CommentEnd(html, p);
                if (close < 0 || close > start)
                {
                    // Inside the comment when it opened before the change and closes after it.
                    return p + 4 <= start && close >= end;
                }

                at = close;
            }
            else if (rest.Length > 1 && (rest[1] == (byte)'!' || rest[1] == (byte)'?' || rest[1] == (byte)'/'))
            {
                // A declaration, a processing instruction or an end tag: the change must come after its '>'.
                var gt = rest.IndexOf((byte)'>');
                if (gt < 0 || p + gt + 1 > start)
                {
                    return false;
                }

                at = p + gt + 1;
            }
            else if (rest.Length > 1 && char.IsAsciiLetter((char)rest[1]))
            {
                if (!StartTag.TryRead(html, p, out var tag))
                {
                    return false;
                }

                if (tag.End > start)
                {
                    return tag.HasChangeInHiddenValue(html, start, end);
                }

                at = tag.End;
                if (Array.IndexOf(RawTextElements, tag.Name) >= 0)
                {
                    // Its content runs to its end tag, which must come before the change.
                    var closing = IndexOfEndTag(html, at, tag.Name);
                    if (closing < 0 || closing > start)
                    {
                        return false;
                    }

                    at = closing;
                }
            }
            else
            {
                at = p + 1;                                     // a '<' that opens nothing is text
            }
        }
    }

    /// <summary>
    /// The index just after the comment opened at <paramref name="open"/> (by <c>--&gt;</c> or <c>--!&gt;</c>, or at once
    /// for <c>&lt;!--&gt;</c> and <c>&lt;!---&gt;</c>); -1 when it never closes.
    /// </summary>
    private static int CommentEnd(ReadOnlySpan<byte> html, int open)
    {
        var body = html[(open + 4)..];
        if (body.StartsWith(">"u8))
        {
            return open + 5;
        }

        if (body.StartsWith("->"u8))
        {
            return open + 6;
        }

        var dashes = body.IndexOf("-->"u8);
        var bang = body.IndexOf("--!>"u8);
        return (dashes, bang) switch
        {
            (< 0, < 0) => -1,
            (>= 0, < 0) => open + 4 + dashes + 3,
            (< 0, >= 0) => open + 4 + bang + 4,
            _ => dashes < bang ? open + 4 + dashes + 3 : open + 4 + bang + 4,
        };
    }

    /// <summary>The index just after the end tag of <paramref name="name"/> at or after <paramref name="from"/>; -1 when there is none.</summary>
    private static int IndexOfEndTag(ReadOnlySpan<byte> html, int from, string name)
    {
        for (var at = from; at < html.Length;)
        {
            var lt = html[at..].IndexOf("</"u8);
            if (lt < 0)
            {
                return -1;
            }

            var p = at + lt + 2;
            if (p + name.Length <= html.Length && AsciiEqualsIgnoreCase(html.Slice(p, name.Length), name)
                && (p + name.Length == html.Length || !char.IsAsciiLetterOrDigit((char)html[p + name.Length])))
            {
                var gt = html[p..].IndexOf((byte)'>');
                return gt < 0 ? -1 : p + gt + 1;
            }

            at = p;
        }

        return -1;
    }

    /// <summary>Printable ASCII without the characters that open or close markup, quote a value or start a reference.</summary>
    private static bool Plain(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'<' or (byte)'>' or (byte)'"' or (byte)'\'' or (byte)'&' or (byte)'=' or (byte)'`')
            {
                return false;
            }
        }

        return true;
    }

    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<byte> bytes, string lower)
    {
        for (var i = 0; i < lower.Length; i++)
        {
            if ((char)(bytes[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A start tag as the HTML tokenizer reads it: its lower-case name, its attributes, and the index after its '>'.</summary>
    private readonly ref struct StartTag
    {
        private readonly List<(int NameStart, int NameEnd, int ValueStart, int ValueEnd, bool Quoted)> _attributes;

        private StartTag(string name, int end, List<(int, int, int, int, bool)> attributes)
        {
            Name = name;
            End = end;
            _attributes = attributes;
        }

        public string Name { get; }

        public int End { get; }

        public static bool TryRead(ReadOnlySpan<byte> html, int lt, out StartTag tag)
        {
            tag = default;
            var i = lt + 1;
            while (i < html.Length && (char.IsAsciiLetterOrDigit((char)html[i]) || html[i] is (byte)'-' or (byte)':'))
            {
                i++;
            }

            var name = System.Text.Encoding.ASCII.GetString(html[(lt + 1)..i]).ToLowerInvariant();
            var attributes = new List<(int, int, int, int, bool)>();
            while (true)
            {
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= html.Length)
                {
                    return false;
                }

                if (html[i] == (byte)'>')
                {
                    tag = new StartTag(name, i + 1, attributes);
                    return true;
                }

                if (html[i] == (byte)'/')
                {
                    i++;
                    continue;
                }

                // An attribute's name runs to a space, '/', '>' or '='; its first character is part of it even when '='.
                var nameStart = i++;
                while (i < html.Length && !IsSpace(html[i]) && html[i] is not ((byte)'/' or (byte)'>' or (byte)'='))
                {
                    i++;
                }

                var nameEnd = i;
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i >= html.Length || html[i] != (byte)'=')
                {
                    attributes.Add((nameStart, nameEnd, i, i, false));
                    continue;
                }

                i++;
                while (i < html.Length && IsSpace(html[i]))
                {
                    i++;
                }

                if (i < html.Length && html[i] is (byte)'"' or (byte)'\'')
                {
                    var quote = html[i];
                    var close = html[(i + 1)..].IndexOf(quote);
                    if (close < 0)
                    {
                        return false;
                    }

                    attributes.Add((nameStart, nameEnd, i + 1, i + 1 + close, true));
                    i += close + 2;
                }
                else
                {
                    var valueStart = i;
                    while (i < html.Length && !IsSpace(html[i]) && html[i] != (byte)'>')
                    {
                        i++;
                    }

                    attributes.Add((nameStart, nameEnd, valueStart, i, false));
                }
            }
        }

        /// <summary>True when this is a hidden input and the change lies within the quotes of its value attribute.</summary>
        public bool HasChangeInHiddenValue(ReadOnlySpan<byte> html, int start, int end)
        {
            if (Name != "input")
            {
                return false;
            }

            var hidden = false;
            var typeSeen = false;
            var inValue = false;
            foreach (var (nameStart, nameEnd, valueStart, valueEnd, quoted) in _attributes)
            {
                var attribute = html[nameStart..nameEnd];
                if (!typeSeen && attribute.Length == 4 && AsciiEqualsIgnoreCase(attribute, "type"))
                {
                    // The first type attribute is the one that counts.
                    typeSeen = true;
                    hidden = html[valueStart..valueEnd].Trim(" \t\n\f\r"u8).Length == 6
                        && AsciiEqualsIgnoreCase(html[valueStart..valueEnd].Trim(" \t\n\f\r"u8), "hidden");
                }

                if (quoted && attribute.Length == 5 && AsciiEqualsIgnoreCase(attribute, "value") && valueStart <= start && end <= valueEnd)
                {
                    inValue = true;
                }
            }

            return hidden && inValue;
        }

        private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';
    }
}
