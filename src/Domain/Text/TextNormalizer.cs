using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>The whitespace and Unicode rules shared by every extractor, so equal content yields equal text.</summary>
internal static class TextNormalizer
{
    /// <summary>Collapses whitespace inside each line, drops empty lines, joins with '\n' and applies NFC.</summary>
    public static string JoinLines(IEnumerable<string> lines, int maxChars)
    {
        var result = new StringBuilder();
        foreach (var line in lines)
        {
            var collapsed = CollapseWhitespace(line);
            if (collapsed.Length == 0)
            {
                continue;
            }

            if (result.Length > 0)
            {
                result.Append('\n');
            }

            result.Append(collapsed);
            if (result.Length >= maxChars)
            {
                result.Length = maxChars;
                break;
            }
        }

        return ToNfc(result.ToString().TrimEnd());
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

            // Invisible characters that vary between renderings of the same text.
            if (c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' || char.IsControl(c))
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
