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
            joiner.Append(line);
            if (!joiner.EndLine())
            {
                break;
            }
        }

        return joiner.ToText();
    }

    /// <summary>
    /// Builds what <see cref="JoinLines"/> returns while the lines are being written: each piece of the current line
    /// is collapsed straight into the result, so no line needs a string or builder of its own.
    /// </summary>
    internal sealed class LineJoiner(int maxChars)
    {
        private readonly StringBuilder _result = new();
        private bool _full;
        private bool _lineShown;
        private bool _pendingSpace;

        /// <summary>Characters appended to the current line, before collapsing.</summary>
        public int LineLength { get; private set; }

        /// <summary>Whether the current line so far holds anything but whitespace (as <see cref="string.IsNullOrWhiteSpace"/> sees it).</summary>
        public bool LineHasNonWhiteSpace { get; private set; }

        public void Append(ReadOnlySpan<char> value)
        {
            LineLength += value.Length;
            foreach (var c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    _pendingSpace = _lineShown;
                    continue;
                }

                LineHasNonWhiteSpace = true;
                if (_full || IsInvisible(c))
                {
                    continue;
                }

                if (!_lineShown)
                {
                    // The separator goes in only once the line shows something: an empty line is dropped.
                    if (_result.Length > 0)
                    {
                        _result.Append('\n');
                    }

                    _lineShown = true;
                }
                else if (_pendingSpace)
                {
                    _result.Append(' ');
                }

                _pendingSpace = false;
                _result.Append(c);
            }
        }

        /// <summary>Ends the current line; false once the text has reached the limit and further lines are ignored.</summary>
        public bool EndLine()
        {
            if (_lineShown && _result.Length >= maxChars)
            {
                _result.Length = maxChars;
                _full = true;
            }

            _lineShown = false;
            _pendingSpace = false;
            LineLength = 0;
            LineHasNonWhiteSpace = false;
            return !_full;
        }

        public string ToText() => ToNfc(_result.ToString().TrimEnd());
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
