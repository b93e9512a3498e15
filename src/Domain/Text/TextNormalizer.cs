using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>The whitespace and Unicode rules shared by every extractor, so equal content yields equal text.</summary>
internal static class TextNormalizer
{
    /// <summary>Collapses whitespace inside each line, drops empty lines, joins with '\n' and applies NFC.</summary>
    public static string JoinLines(IEnumerable<string> lines, int maxChars)
    {
        var joiner = new LineJoiner(maxChars);
        foreach (var line in lines)
        {
            if (!joiner.Add(line))
            {
                break;
            }
        }

        return joiner.ToText();
    }

    /// <summary>
    /// Builds what <see cref="JoinLines"/> returns one line at a time, collapsing each line straight into the result
    /// instead of through a string of its own.
    /// </summary>
    internal sealed class LineJoiner(int maxChars)
    {
        private readonly StringBuilder _result = new();
        private bool _full;

        /// <summary>Adds one line; false once the text has reached the limit and further lines are ignored.</summary>
        public bool Add(ReadOnlySpan<char> line)
        {
            if (_full)
            {
                return false;
            }

            var mark = _result.Length;
            if (mark > 0)
            {
                _result.Append('\n');
            }

            var start = _result.Length;
            var pendingSpace = false;
            AppendCollapsed(line, start, ref pendingSpace);
            return Close(mark, start);
        }

        /// <summary>Adds the builder's content as one line, as <see cref="Add(ReadOnlySpan{char})"/> does.</summary>
        public bool Add(StringBuilder line)
        {
            if (_full)
            {
                return false;
            }

            var mark = _result.Length;
            if (mark > 0)
            {
                _result.Append('\n');
            }

            var start = _result.Length;
            var pendingSpace = false;
            foreach (var chunk in line.GetChunks())
            {
                AppendCollapsed(chunk.Span, start, ref pendingSpace);
            }

            return Close(mark, start);
        }

        public string ToText() => ToNfc(_result.ToString().TrimEnd());

        private void AppendCollapsed(ReadOnlySpan<char> value, int start, ref bool pendingSpace)
        {
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = _result.Length > start;
                    continue;
                }

                if (IsInvisible(c))
                {
                    continue;
                }

                if (pendingSpace)
                {
                    _result.Append(' ');
                    pendingSpace = false;
                }

                _result.Append(c);
            }
        }

        private bool Close(int mark, int start)
        {
            if (_result.Length == start)
            {
                // Nothing visible: the line is dropped, separator included.
                _result.Length = mark;
                return true;
            }

            if (_result.Length >= maxChars)
            {
                _result.Length = maxChars;
                _full = true;
                return false;
            }

            return true;
        }
    }

    /// <summary>Replaces every run of whitespace (including no-break and other Unicode spaces) by one space and trims.</summary>
    public static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The length <see cref="CollapseWhitespace"/> would return, without building the string.</summary>
    public static int CollapsedLength(string value)
    {
        var length = 0;
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = length > 0;
                continue;
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                length++;
                pendingSpace = false;
            }

            length++;
        }

        return length;
    }

    // Invisible characters that vary between renderings of the same text.
    internal static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' || char.IsControl(c);

    /// <summary>Plain text keeps its lines and blank lines: only line endings, trailing spaces and outer blank lines change.</summary>
    public static string NormalizePlainText(string text, int maxChars)
    {
        if (text.Length > maxChars)
        {
            text = text[..maxChars];
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var builder = new StringBuilder(text.Length);
        foreach (var line in lines)
        {
            builder.Append(line.TrimEnd()).Append('\n');
        }

        return ToNfc(builder.ToString().Trim('\n'));
    }

    public static string ToNfc(string value)
    {
        try
        {
            return value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates (e.g. from a numeric entity) cannot be normalized; keep the text rather than lose it.
            return value;
        }
    }
}
