using System.Buffers;
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
            while (!value.IsEmpty)
            {
                // Most of a text is runs of plain visible characters: copy each run whole.
                var next = value.IndexOfAny(Separators);
                AppendVisible(next < 0 ? value : value[..next]);
                if (next < 0)
                {
                    break;
                }

                if (char.IsWhiteSpace(value[next]))
                {
                    _pendingSpace = _lineShown;
                }
                else
                {
                    // An invisible character: not shown, but the line is not blank.
                    LineHasNonWhiteSpace = true;
                }

                value = value[(next + 1)..];
            }
        }

        private void AppendVisible(ReadOnlySpan<char> run)
        {
            if (run.IsEmpty)
            {
                return;
            }

            LineHasNonWhiteSpace = true;
            if (_full)
            {
                return;
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
            _result.Append(run);
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
        if (IsCollapsed(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        ForEachRun(value, (run, spaceBefore) =>
        {
            if (spaceBefore)
            {
                builder.Append(' ');
            }

            builder.Append(run);
        });
        return builder.ToString();
    }

    // Already as CollapseWhitespace would make it: no separator but single plain spaces between runs.
    private static bool IsCollapsed(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] == ' ' || value[^1] == ' ')
        {
            return value.IsEmpty;
        }

        int next;
        while ((next = value.IndexOfAny(Separators)) >= 0)
        {
            if (value[next] != ' ' || value[next + 1] == ' ')
            {
                return false;
            }

            value = value[(next + 1)..];
        }

        return true;
    }

    /// <summary>The length <see cref="CollapseWhitespace"/> would return, without building the string.</summary>
    public static int CollapsedLength(string value)
    {
        var length = 0;
        ForEachRun(value, (run, spaceBefore) => length += spaceBefore ? run.Length + 1 : run.Length);
        return length;
    }

    private delegate void RunAction(ReadOnlySpan<char> run, bool spaceBefore);

    /// <summary>
    /// The runs of visible characters of <paramref name="value"/> in order, each told whether whitespace separates it
    /// from the previous run; invisible characters are dropped without separating anything.
    /// </summary>
    private static void ForEachRun(ReadOnlySpan<char> value, RunAction action)
    {
        var started = false;
        var pendingSpace = false;
        while (!value.IsEmpty)
        {
            var next = value.IndexOfAny(Separators);
            var run = next < 0 ? value : value[..next];
            if (!run.IsEmpty)
            {
                action(run, pendingSpace);
                started = true;
                pendingSpace = false;
            }

            if (next < 0)
            {
                break;
            }

            if (char.IsWhiteSpace(value[next]))
            {
                pendingSpace = started;
            }

            value = value[(next + 1)..];
        }
    }

    // Invisible characters that vary between renderings of the same text.
    internal static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' || char.IsControl(c);

    /// <summary>Every character that is whitespace or invisible: what ends a run of characters kept as they are.</summary>
    private static readonly SearchValues<char> Separators = SearchValues.Create(
        [.. Enumerable.Range(char.MinValue, char.MaxValue + 1).Select(c => (char)c).Where(c => char.IsWhiteSpace(c) || IsInvisible(c))]);

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
