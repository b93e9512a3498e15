using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Text;
using HtmlAgilityPack;

namespace CitationMonitor.Extraction.Corpus;

/// <summary>Whether a passage could be altered in a page's bytes, and if not, why.</summary>
public enum AlterationStatus
{
    /// <summary>Found verbatim and altered: <see cref="PassageAlteration.Body"/> holds the altered copy.</summary>
    Altered,

    /// <summary>The passage has <c>&amp;</c>, <c>&lt;</c> or <c>&gt;</c>, which markup writes as entities: never verbatim.</summary>
    MarkupCharacters,

    /// <summary>No occurrence in a text node of the markup (the passage is split by tags or entities, or is not there).</summary>
    NotVerbatim,

    /// <summary>
    /// Verbatim in one place but also written otherwise in another (with an entity or a tag inside it), where the
    /// extractor may read it instead of the copy altered.
    /// </summary>
    AlsoWrittenOtherwise,

    /// <summary>The passage has no word whose letters read differently reversed (only numbers, or palindromes).</summary>
    NoWordToAlter,

    /// <summary>Found in the decoded markup but not in the bytes in UTF-8, the declared charset or windows-1252.</summary>
    NotReencoded,
}

/// <summary>A copy of a page with one word of one passage altered wherever the passage occurs verbatim.</summary>
/// <param name="Status">Whether it was altered.</param>
/// <param name="Word">The word altered: a run of letters of the passage.</param>
/// <param name="AlteredWord">What it became: its letters in reverse order.</param>
/// <param name="Occurrences">How many verbatim occurrences were altered (in text, attributes or scripts alike).</param>
/// <param name="Body">The altered bytes; null unless <see cref="Status"/> is <see cref="AlterationStatus.Altered"/>.</param>
public sealed record PassageAlteration(AlterationStatus Status, string Word = "", string AlteredWord = "", int Occurrences = 0, byte[]? Body = null);

/// <summary>
/// A page's raw bytes and their markup as the extractor decodes it, for finding a passage verbatim in the markup and
/// making a copy of the bytes with one of its words altered.
/// </summary>
/// <remarks>
/// <para>
/// <b>Verbatim</b>: the passage's words, in order, separated in the markup by any run of white space (spaces, tabs,
/// line breaks, raw no-break spaces) and by nothing else: no tag, no entity, no comment. At least one occurrence must lie
/// inside a single text node outside <c>script</c> and <c>style</c> (an occurrence only in an attribute or a script is
/// not what a reader sees), and every occurrence of the passage in the page's text nodes, read with their entities
/// decoded and their tags left out, must be one of those verbatim ones: otherwise the extractor could read the passage
/// from a copy that was not altered (a heading written with entities whose words also stand verbatim in a menu, code
/// highlighted with tags beside a hidden raw copy). A passage with <c>&amp;</c>, <c>&lt;</c> or <c>&gt;</c> is not looked for.
/// </para>
/// <para>
/// <b>The alteration</b>: one word of the passage, the longest run of letters of a word inside it (not its first or last
/// word, which the annotation may have cut), becomes its letters in reverse order ("Nicaragua" becomes "augaraciN"): the
/// same script and the same characters, so the page's own encoding holds it, with the same byte count, and no real text
/// is likely to have it. Every verbatim occurrence of the passage is altered, so no copy is left for the extractor to read.
/// </para>
/// <para>
/// <b>The bytes</b>: the occurrence is looked for in the raw bytes encoded as UTF-8, as the charset the page declares
/// in a <c>&lt;meta&gt;</c>, or as windows-1252, and its bytes are replaced there; every other byte stays as it was.
/// The extractor's decoding is the judge: the copy counts only if it decodes to the original markup with exactly those
/// occurrences altered.
/// </para>
/// </remarks>
public sealed partial class PageMarkup
{
    private const string ContentType = "text/html";

    private readonly byte[] _body;
    private readonly string _markup;
    private readonly List<(int Start, int End)> _textNodes;
    private readonly string _text;
    private readonly List<Encoding> _encodings;

    static PageMarkup()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Decodes <paramref name="body"/> as a fetched <c>text/html</c> body and finds its text nodes.</summary>
    public PageMarkup(byte[] body)
    {
        _body = body;
        _markup = ContentExtractor.DecodeText(body, ContentType);
        (_textNodes, _text) = TextNodes(_markup);
        _encodings = Encodings(body);
    }

    /// <summary>A copy of the page with one word of <paramref name="passage"/> altered, or why there is none.</summary>
    public PassageAlteration Alter(string passage)
    {
        if (passage.AsSpan().IndexOfAny('&', '<', '>') >= 0)
        {
            return new PassageAlteration(AlterationStatus.MarkupCharacters);
        }

        var words = WhiteSpace().Split(passage.Trim());
        IReadOnlyList<Match> occurrences = words is [""]
            ? []
            : new Regex(string.Join(@"\s+", words.Select(Regex.Escape)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10)).Matches(_markup);
        var verbatim = occurrences.Count(o => InTextNode(o.Index, o.Length));
        if (verbatim == 0)
        {
            return new PassageAlteration(AlterationStatus.NotVerbatim);
        }

        if (Count(_text, Collapsed(passage)) > verbatim)
        {
            return new PassageAlteration(AlterationStatus.AlsoWrittenOtherwise);
        }

        if (ChooseWord(words) is not var (index, start, length))
        {
            return new PassageAlteration(AlterationStatus.NoWordToAlter);
        }

        var word = words[index].Substring(start, length);
        var altered = Reversed(word);
        var replacements = occurrences.Select(o => o.Value).Distinct(StringComparer.Ordinal)
            .Select(found => (Found: found, Altered: AlterWord(found, index, start, length, altered)))
            .ToList();
        var expected = replacements.Aggregate(_markup, (markup, r) => markup.Replace(r.Found, r.Altered, StringComparison.Ordinal));
        foreach (var encoding in _encodings)
        {
            if (Replaced(encoding, replacements) is { } body && ContentExtractor.DecodeText(body, ContentType) == expected)
            {
                return new PassageAlteration(AlterationStatus.Altered, word, altered, occurrences.Count, body);
            }
        }

        return new PassageAlteration(AlterationStatus.NotReencoded);
    }

    /// <summary>
    /// Which word to alter: the longest run of letters that reads differently reversed, in a word other than the first
    /// and the last when the passage has three or more; in any word when none of those has one.
    /// </summary>
    private static (int Index, int Start, int Length)? ChooseWord(string[] words)
    {
        var inner = words.Length >= 3 ? Enumerable.Range(1, words.Length - 2) : [];
        return Longest(inner) ?? Longest(Enumerable.Range(0, words.Length));

        (int, int, int)? Longest(IEnumerable<int> indexes) => indexes
            .SelectMany(index => LetterRuns(words[index]).Select(run => (Index: index, run.Start, run.Length)))
            .Where(run => !string.Equals(words[run.Index].Substring(run.Start, run.Length), Reversed(words[run.Index].Substring(run.Start, run.Length)), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(run => run.Length)
            .Select(run => ((int, int, int)?)run)
            .FirstOrDefault();
    }

    /// <summary>The runs of letters (with their combining marks) in <paramref name="word"/>: start and length in chars.</summary>
    private static IEnumerable<(int Start, int Length)> LetterRuns(string word)
    {
        var (start, position) = (-1, 0);
        foreach (var rune in word.EnumerateRunes())
        {
            var letter = Rune.IsLetter(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (letter && start < 0)
            {
                start = position;
            }
            else if (!letter && start >= 0)
            {
                yield return (start, position - start);
                start = -1;
            }

            position += rune.Utf16SequenceLength;
        }

        if (start >= 0)
        {
            yield return (start, position - start);
        }
    }

    /// <summary>The word's characters in reverse order, each letter kept with its combining marks.</summary>
    private static string Reversed(string word)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(word);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        elements.Reverse();
        return string.Concat(elements);
    }

    /// <summary><paramref name="found"/> (the passage as the markup has it) with its word number <paramref name="index"/> altered.</summary>
    private static string AlterWord(string found, int index, int start, int length, string altered)
    {
        var word = NotWhiteSpace().Matches(found)[index];
        return string.Concat(found.AsSpan(0, word.Index + start), altered, found.AsSpan(word.Index + start + length));
    }

    /// <summary>The body with every occurrence's bytes replaced in <paramref name="encoding"/>; null when one is not in it.</summary>
    private byte[]? Replaced(Encoding encoding, List<(string Found, string Altered)> replacements)
    {
        var body = _body;
        foreach (var (found, altered) in replacements)
        {
            byte[] from, to;
            try
            {
                (from, to) = (encoding.GetBytes(found), encoding.GetBytes(altered));
            }
            catch (EncoderFallbackException)
            {
                return null;
            }

            var copy = new List<byte>(body.Length);
            var rest = body.AsSpan();
            for (var at = rest.IndexOf(from); at >= 0; at = rest.IndexOf(from))
            {
                copy.AddRange(rest[..at]);
                copy.AddRange(to);
                rest = rest[(at + from.Length)..];
            }

            if (rest.Length == body.Length)
            {
                return null;
            }

            copy.AddRange(rest);
            body = [.. copy];
        }

        return body;
    }

    private bool InTextNode(int start, int length)
    {
        var index = _textNodes.BinarySearch((start, int.MaxValue));
        var before = index >= 0 ? index : ~index - 1;
        return before >= 0 && _textNodes[before].Start <= start && start + length <= _textNodes[before].End;
    }

    /// <summary>
    /// White space collapsed to single spaces and trimmed, as the corpus's scorer finds a passage in a text; invisible
    /// format characters (soft hyphens, zero-width spaces, direction marks) left out, since the extractor drops soft
    /// hyphens that the annotators copied.
    /// </summary>
    public static string Collapsed(string text) =>
        WhiteSpace().Replace(string.Concat(text.Where(c => char.GetUnicodeCategory(c) != UnicodeCategory.Format)), " ").Trim();

    private static int Count(string text, string passage)
    {
        var count = 0;
        for (var at = text.IndexOf(passage, StringComparison.Ordinal); at >= 0; at = text.IndexOf(passage, at + passage.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// Where each text node outside <c>script</c> and <c>style</c> stands in the markup, in order, and all of them
    /// joined with their entities decoded (<see cref="Collapsed"/>): the page's text, tags left out.
    /// </summary>
    private static (List<(int Start, int End)> Nodes, string Text) TextNodes(string markup)
    {
        var document = new HtmlDocument();
        document.LoadHtml(markup);
        var nodes = document.DocumentNode.Descendants()
            .OfType<HtmlTextNode>()
            .Where(node => node.ParentNode?.Name is not ("script" or "style"))
            .ToList();
        return (
            [.. nodes.Select(node => (node.StreamPosition, node.StreamPosition + node.Text.Length)).Order()],
            Collapsed(string.Concat(nodes.Select(node => HtmlEntity.DeEntitize(node.Text)))));
    }

    /// <summary>UTF-8, the charset a <c>&lt;meta&gt;</c> declares, windows-1252: each failing on a character it cannot hold.</summary>
    private static List<Encoding> Encodings(byte[] body)
    {
        var encodings = new List<Encoding> { new UTF8Encoding(false, true) };
        var head = Encoding.Latin1.GetString(body.AsSpan(0, Math.Min(body.Length, 4096)));
        if (MetaCharset().Match(head) is { Success: true } declared)
        {
            try
            {
                encodings.Add(Encoding.GetEncoding(declared.Groups[1].Value, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback));
            }
            catch (ArgumentException)
            {
                // An unknown label: the other two are tried.
            }
        }

        encodings.Add(Encoding.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback));
        return encodings;
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"\S+", RegexOptions.CultureInvariant)]
    private static partial Regex NotWhiteSpace();

    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();
}
