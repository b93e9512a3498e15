using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// The plain text of a BibTeX field as reference managers write it: accents (<c>{\'e}</c>, <c>\'{e}</c>, <c>\"u</c>,
/// <c>\~n</c>, <c>\c{c}</c>, <c>\v{s}</c>, <c>{\'\i}</c>...), letters and symbols (<c>{\ss}</c>, <c>{\o}</c>,
/// <c>{\textquoteright}</c>, <c>{\textendash}</c>...), escaped specials (<c>\&amp;</c>, <c>\%</c>, <c>\$</c>, <c>\#</c>,
/// <c>\_</c>) become their characters; formatting commands (<c>\emph{…}</c>, <c>\textit{…}</c>...) leave their text;
/// protecting braces, math <c>$</c> and unknown command names go; <c>~</c> is a space; <c>--</c> and <c>---</c> are
/// left as written. Whitespace is collapsed and the result is in Unicode NFC.
/// </summary>
internal static class LatexText
{
    private static readonly Dictionary<char, char> SymbolAccents = new()
    {
        ['\''] = '\u0301', ['`'] = '\u0300', ['^'] = '\u0302', ['"'] = '\u0308', ['~'] = '\u0303', ['='] = '\u0304', ['.'] = '\u0307',
    };

    private static readonly Dictionary<string, char> LetterAccents = new(StringComparer.Ordinal)
    {
        ["u"] = '\u0306', ["v"] = '\u030C', ["H"] = '\u030B', ["c"] = '\u0327', ["k"] = '\u0328', ["r"] = '\u030A',
        ["d"] = '\u0323', ["b"] = '\u0331',
    };

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["ss"] = "ß", ["o"] = "ø", ["O"] = "Ø", ["ae"] = "æ", ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ", ["aa"] = "å",
        ["AA"] = "Å", ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ", ["dh"] = "ð", ["DH"] = "Ð", ["th"] = "þ",
        ["TH"] = "Þ", ["ng"] = "ŋ", ["NG"] = "Ŋ", ["dj"] = "đ", ["DJ"] = "Đ",
        ["textendash"] = "–", ["textemdash"] = "—", ["textquoteleft"] = "‘", ["textquoteright"] = "’",
        ["textquotedblleft"] = "“", ["textquotedblright"] = "”", ["quotesinglbase"] = "‚", ["quotedblbase"] = "„",
        ["guillemotleft"] = "«", ["guillemotright"] = "»", ["guillemetleft"] = "«", ["guillemetright"] = "»",
        ["guilsinglleft"] = "‹", ["guilsinglright"] = "›", ["textexclamdown"] = "¡", ["textquestiondown"] = "¿",
        ["textellipsis"] = "…", ["ldots"] = "…", ["dots"] = "…", ["textasciitilde"] = "~", ["textasciicircum"] = "^",
        ["textunderscore"] = "_", ["textbackslash"] = "\\", ["textbar"] = "|", ["textless"] = "<", ["textgreater"] = ">",
        ["textbullet"] = "•", ["textdegree"] = "°", ["textsection"] = "§", ["S"] = "§", ["textparagraph"] = "¶", ["P"] = "¶",
        ["textcopyright"] = "©", ["copyright"] = "©", ["textregistered"] = "®", ["texttrademark"] = "™",
        ["texteuro"] = "€", ["euro"] = "€", ["textsterling"] = "£", ["pounds"] = "£", ["textcent"] = "¢",
        ["textyen"] = "¥", ["textperiodcentered"] = "·", ["textordfeminine"] = "ª", ["textordmasculine"] = "º",
        ["textnumero"] = "№", ["textdollar"] = "$", ["textquotesingle"] = "'", ["textquotedbl"] = "\"",
        ["textasciigrave"] = "`", ["textasciiacute"] = "´", ["textasciidieresis"] = "¨", ["textmu"] = "µ",
        ["texttimes"] = "×", ["textdiv"] = "÷", ["textpm"] = "±", ["textonehalf"] = "½", ["textonequarter"] = "¼",
        ["textthreequarters"] = "¾", ["textdagger"] = "†", ["textdaggerdbl"] = "‡", ["textperthousand"] = "‰",
        ["textvisiblespace"] = "␣", ["textnbsp"] = " ", ["nobreakspace"] = " ", ["space"] = " ", ["slash"] = "/",
        ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["BibTeX"] = "BibTeX",
    };

    /// <summary>The plain text of <paramref name="latex"/>.</summary>
    public static string ToText(string latex)
    {
        var sb = new StringBuilder(latex.Length);
        Append(latex, sb);
        return TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(sb.ToString()).Trim());
    }

    private static void Append(string s, StringBuilder sb)
    {
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            switch (c)
            {
                case '\\':
                    i = Command(s, i, sb);
                    break;
                case '{' or '}' or '$':
                    i++;
                    break;
                case '~':
                    sb.Append(' ');
                    i++;
                    break;
                default:
                    sb.Append(c);
                    i++;
                    break;
            }
        }
    }

    /// <summary>Appends what the command at <paramref name="i"/> (a backslash) stands for; returns where the text goes on.</summary>
    private static int Command(string s, int i, StringBuilder sb)
    {
        if (i + 1 >= s.Length)
        {
            return i + 1;
        }

        var next = s[i + 1];
        if (SymbolAccents.TryGetValue(next, out var mark))
        {
            return Accent(s, i + 2, mark, sb);
        }

        if (!char.IsAsciiLetter(next))
        {
            // Control symbols: an escaped special character, or spacing and hyphenation hints.
            sb.Append(next switch
            {
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => next.ToString(),
                ' ' or '\\' or ',' or ';' or ':' or '\n' or '\r' or '\t' => " ",
                '-' or '/' or '@' or '!' => "",
                _ => next.ToString(),
            });
            return i + 2;
        }

        var end = i + 1;
        while (end < s.Length && char.IsAsciiLetter(s[end]))
        {
            end++;
        }

        var name = s[(i + 1)..end];

        // TeX ignores the spaces after a control word.
        var after = end;
        while (after < s.Length && s[after] is ' ' or '\t')
        {
            after++;
        }

        if (LetterAccents.TryGetValue(name, out mark) && after < s.Length && s[after] is not ('}' or '\\' or '$'))
        {
            return Accent(s, after, mark, sb);
        }

        if (Symbols.TryGetValue(name, out var symbol))
        {
            sb.Append(symbol);

            // "\ss{}" and "\o{}": an empty group only ends the command.
            return after + 1 < s.Length && s[after] == '{' && s[after + 1] == '}' ? after + 2 : after;
        }

        // Formatting and unknown commands leave their arguments' text (the braces go with the rest).
        return after;
    }

    /// <summary>Appends the letter at <paramref name="i"/> (a character, a group or <c>\i</c>) with the combining <paramref name="mark"/>.</summary>
    private static int Accent(string s, int i, char mark, StringBuilder sb)
    {
        while (i < s.Length && s[i] is ' ' or '\t')
        {
            i++;
        }

        string letters;
        int next;
        if (i < s.Length && s[i] == '{')
        {
            var close = MatchingBrace(s, i);
            var inner = new StringBuilder();
            Append(s[(i + 1)..close], inner);
            letters = inner.ToString();
            next = Math.Min(close + 1, s.Length);
        }
        else if (i + 1 < s.Length && s[i] == '\\' && s[i + 1] is 'i' or 'j' && (i + 2 >= s.Length || !char.IsAsciiLetter(s[i + 2])))
        {
            letters = s[i + 1].ToString();
            next = i + 2;
        }
        else if (i < s.Length)
        {
            letters = s[i].ToString();
            next = i + 1;
        }
        else
        {
            return i;
        }

        // A dotless i or j under an accent is the ordinary letter with it.
        letters = letters.Replace('ı', 'i').Replace('ȷ', 'j');
        if (letters.Length == 0)
        {
            return next;
        }

        var first = char.IsHighSurrogate(letters[0]) && letters.Length > 1 ? 2 : 1;
        sb.Append(letters, 0, first).Append(mark).Append(letters, first, letters.Length - first);
        return next;
    }

    /// <summary>The index of the brace closing the one at <paramref name="open"/>; the end of the text when it is not closed.</summary>
    private static int MatchingBrace(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == '{')
            {
                depth++;
            }
            else if (s[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return s.Length;
    }
}
