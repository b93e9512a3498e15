using System.Text;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// One command line of a shell example split into words the way a POSIX shell does it, for the few rules examples use:
/// single and double quotes, backslash escapes, <c>#</c> comments, and the operators <c>| || &amp;&amp; ; &amp; &gt; &lt;</c>
/// (kept as words of their own, so a caller can refuse what it cannot run).
/// </summary>
internal static class ShellWords
{
    public const string OperatorCharacters = "|&;<>";

    public static IReadOnlyList<ShellWord> Split(string line)
    {
        var words = new List<ShellWord>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;

        void EndWord()
        {
            if (inWord)
            {
                words.Add(new ShellWord(word.ToString(), IsOperator: false));
                word.Clear();
                inWord = false;
            }
        }

        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                EndWord();
                i++;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (OperatorCharacters.Contains(c, StringComparison.Ordinal))
            {
                EndWord();
                var length = i + 1 < line.Length && (line[i + 1] == c || (c == '>' && line[i + 1] == '&')) ? 2 : 1;
                words.Add(new ShellWord(line.Substring(i, length), IsOperator: true));
                i += length;
            }
            else if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new FormatException("a single quote is not closed");
                }

                word.Append(line, i + 1, end - i - 1);
                inWord = true;
                i = end + 1;
            }
            else if (c == '"')
            {
                i = ReadDoubleQuoted(line, i + 1, word);
                inWord = true;
            }
            else if (c == '\\' && i + 1 < line.Length)
            {
                word.Append(line[i + 1]);
                inWord = true;
                i += 2;
            }
            else
            {
                word.Append(c);
                inWord = true;
                i++;
            }
        }

        EndWord();
        return words;
    }

    /// <summary>Reads up to the closing quote; returns the index after it.</summary>
    private static int ReadDoubleQuoted(string line, int i, StringBuilder word)
    {
        while (i < line.Length && line[i] != '"')
        {
            // Inside double quotes a backslash escapes only these; elsewhere it stays.
            if (line[i] == '\\' && i + 1 < line.Length && "\"\\$`".Contains(line[i + 1], StringComparison.Ordinal))
            {
                i++;
            }

            word.Append(line[i++]);
        }

        return i < line.Length ? i + 1 : throw new FormatException("a double quote is not closed");
    }
}

/// <summary>A word of a command line, or an operator such as <c>|</c> or <c>&amp;&amp;</c>.</summary>
internal sealed record ShellWord(string Text, bool IsOperator);
