using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// The context of a link whose visible text is not its target ("aquí", "comunicado"): the link text itself when it
/// says enough, else the sentence around it; and of a URL in the text, its sentence. Bounded like every context
/// (<see cref="CitationSurroundings"/>).
/// </summary>
internal static class LinkContexts
{
    /// <summary>Link text of fewer words than this says little alone ("aquí", "este informe"): its sentence is the context.</summary>
    public const int ShortAnchorWords = 5;

    /// <summary>How far a sentence is looked for on either side; a longer one is cut anyway.</summary>
    private const int SentenceReach = 600;

    private const string SentenceEnds = ".!?…";
    private const string ClosingMarks = ")]}\"'”’»";

    // Words whose period does not end a sentence: titles and the abbreviations of citations.
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "sr", "sra", "srta", "dr", "dra", "lic", "mr", "mrs", "ms", "prof", "no", "nº", "núm", "num", "art", "arts",
        "párr", "parr", "para", "pp", "vol", "cf", "e.g", "i.e", "res", "inc", "corp", "st", "av", "ave", "ltd", "jr",
        "cap", "fig", "ed", "eds", "op", "cit",
    };

    /// <summary>The context of the link whose visible text stands at <paramref name="start"/>..<paramref name="end"/> of <paramref name="text"/>.</summary>
    public static string Around(string text, int start, int end)
    {
        var anchor = TextNormalizer.CollapseWhitespace(text[start..end]);
        if (anchor.Split(' ').Length >= ShortAnchorWords)
        {
            return CitationSurroundings.Context("", anchor, "");
        }

        return CitationSurroundings.Context(text[SentenceStart(text, start)..start], anchor, text[end..SentenceEnd(text, end)]);
    }

    /// <summary>
    /// The context of a URL found in the text at <paramref name="start"/>..<paramref name="end"/> of
    /// <paramref name="text"/> (perhaps cut across lines): its sentence, with <paramref name="url"/> as cited in its middle.
    /// </summary>
    public static string SentenceAround(string text, int start, int end, string url) =>
        CitationSurroundings.Context(text[SentenceStart(text, start)..start], url, text[end..SentenceEnd(text, end)]);

    private static int SentenceStart(string text, int start)
    {
        var limit = Math.Max(0, start - SentenceReach);
        for (var i = start - 1; i >= limit; i--)
        {
            if (text[i] == '\n' && IsParagraphBreak(text, i, -1))
            {
                return i + 1;
            }

            if (EndsSentence(text, i) is { } after && after <= start)
            {
                return after;
            }
        }

        return limit;
    }

    private static int SentenceEnd(string text, int end)
    {
        var limit = Math.Min(text.Length, end + SentenceReach);
        for (var i = end; i < limit; i++)
        {
            if (text[i] == '\n' && IsParagraphBreak(text, i, +1))
            {
                return i;
            }

            if (EndsSentence(text, i) is { } after)
            {
                return after;
            }
        }

        return limit;
    }

    /// <summary>Whether the line break at <paramref name="i"/> has a blank line on its <paramref name="direction"/> side.</summary>
    private static bool IsParagraphBreak(string text, int i, int direction)
    {
        for (var j = i + direction; j >= 0 && j < text.Length; j += direction)
        {
            if (text[j] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where the sentence ended by the mark at <paramref name="i"/> stops (after its closing quotes and brackets), or
    /// null when no sentence ends there: no mark, no whitespace after it, or the period of an abbreviation or initial.
    /// </summary>
    private static int? EndsSentence(string text, int i)
    {
        if (!SentenceEnds.Contains(text[i], StringComparison.Ordinal))
        {
            return null;
        }

        var after = i + 1;
        while (after < text.Length && ClosingMarks.Contains(text[after], StringComparison.Ordinal))
        {
            after++;
        }

        if (after < text.Length && !char.IsWhiteSpace(text[after]))
        {
            return null;
        }

        if (text[i] == '.')
        {
            var wordStart = i;
            while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '['))
            {
                wordStart--;
            }

            var word = text[wordStart..i];
            if ((word.Length == 1 && char.IsLetter(word[0])) || Abbreviations.Contains(word))
            {
                return null;
            }
        }

        return after;
    }
}
