using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Domain.Extraction;

/// <summary>Finds the web sources cited in a document's plain text.</summary>
/// <remarks>
/// <para>
/// Found: <c>http://</c> and <c>https://</c> URLs (any letter case) and bare hosts starting with
/// <c>www.</c> (fetched as <c>http://</c>), not preceded by an ASCII letter or digit (text in
/// scripts without spaces, such as Chinese, may run right up to the URL); a <c>www.</c> right
/// after <c>@</c>, <c>.</c> or <c>/</c> is part of something else (an e-mail address such as
/// <c>info@www.example.org</c>, a longer host) and is skipped. <c>mailto:</c> addresses are never
/// URLs here.
/// </para>
/// <para>
/// A URL ends at whitespace, at a character that cannot be part of a cited URL (<c>&lt;</c>,
/// <c>&gt;</c>, <c>"</c>, <c>`</c>, typographic quotes and guillemets, CJK punctuation), or at a
/// closing <c>)</c>, <c>]</c> or <c>}</c> that does not balance an opening one inside the URL, so
/// <c>(see https://en.wikipedia.org/wiki/Foo_(bar))</c> yields
/// <c>https://en.wikipedia.org/wiki/Foo_(bar)</c>; a <c>,</c> or <c>;</c> right before another
/// <c>http(s)://</c> also ends it (a list without spaces). Trailing <c>. , ; : ! ? ' …</c> are then
/// dropped as sentence punctuation, and <c>*</c> as Markdown emphasis. Invisible characters (soft hyphen, zero-width space and
/// joiners, BOM), which PDF converters leave inside long URLs, are skipped.
/// </para>
/// <para>
/// Line wrapping (PDF-to-text output breaks long URLs across lines): a URL whose characters run
/// up to the very end of its line (no trailing space) continues on the next line when that line
/// starts, without indentation, with a token that is not a URL of its own (no <c>scheme://</c>,
/// no <c>www.</c>), not an e-mail address, and when the two halves fit together:
/// </para>
/// <list type="bullet">
/// <item>the line ends with <c>-</c>, <c>_</c>, <c>=</c>, <c>&amp;</c>, <c>%</c>, <c>+</c> or <c>~</c>,
/// which a cited URL practically never ends with: always joined;</item>
/// <item>the line ends with <c>, ; : ! ' …</c>: never joined (sentence punctuation);</item>
/// <item>otherwise the next token must look like a piece of URL: it contains <c>/ ? = &amp; % _</c>
/// (except prose such as <c>and/or</c>) or an inner dot followed by two or more letters or digits
/// (<c>027.asp</c>, not <c>e.g.</c>) or is a dot and a file extension (<c>.pdf</c>); after a trailing <c>/</c> a token with a digit that is not
/// a short number (an id of five or more letters, digits and hyphens, not a year or list number) also fits; after a trailing <c>.</c> a bare
/// file extension (<c>pdf</c>, <c>html</c>...) also fits; after a letter or digit a slug
/// continuation (both halves lower-case with two or more hyphens) also fits;</item>
/// <item>a URL that is only <c>http://</c> or <c>https://</c> takes the next token whatever it is;
/// a URL opened with <c>&lt;</c> takes the next token when the <c>&gt;</c> closes right after it.</item>
/// </list>
/// <para>
/// Ordinary words starting the next line have none of these marks, so they are not glued on.
/// A URL can wrap over more than two lines; a form feed (page break) starting the next line is
/// ignored.
/// </para>
/// <para>
/// Every URL found is passed to <see cref="UrlNormalizer.TryNormalize"/>; occurrences it rejects
/// (a user name or password in the URL, an invalid host or port, a bare <c>http://</c>) are
/// skipped, so every result can be checked.
/// </para>
/// </remarks>
public static partial class CitationExtractor
{
    private const string TrailingPunctuation = ".,;:!?'…*";
    private const string JoinAlways = "-_=&%+~";
    private const string JoinNever = ",;:!'…";

    private static readonly SearchValues<char> UrlMarks = SearchValues.Create("/?=&%_");

    private static readonly HashSet<string> ProseWithSlash = new(StringComparer.OrdinalIgnoreCase)
    {
        "and/or", "or/and", "either/or", "he/she", "she/he", "s/he", "his/her", "her/his", "him/her",
        "his/hers", "w/o", "n/a", "yes/no",
    };

    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "pdf", "htm", "html", "shtml", "asp", "aspx", "php", "jsp", "cfm", "doc", "docx", "xls", "xlsx",
        "ppt", "pptx", "odt", "rtf", "txt", "csv", "xml", "json",
    };

    /// <summary>Finds every URL occurrence in <paramref name="text"/>.</summary>
    /// <param name="text">Plain text, typically converted from a PDF or web page.</param>
    /// <returns>
    /// Every occurrence, in order of appearance; the same source cited twice appears twice, so
    /// group by <see cref="NormalizedUrl.Key"/> for distinct sources.
    /// </returns>
    public static IReadOnlyList<CitedUrl> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FindUrls(SplitLines(text), malformed: null).ConvertAll(found => found.Citation);
    }

    /// <summary>
    /// Finds every URL occurrence as <see cref="Extract"/> does, and also what it leaves out and why: e-mail
    /// addresses (<see cref="SkipReasons.Email"/>), URLs of another scheme such as <c>ftp://</c> or <c>file://</c>
    /// (<see cref="SkipReasons.Scheme"/>), and what starts like an http(s) URL but cannot be checked, such as a bare
    /// <c>http://</c> or a URL with a password in it (<see cref="SkipReasons.Malformed"/>).
    /// </summary>
    /// <param name="text">Plain text, typically converted from a PDF or web page.</param>
    /// <returns>The citations, exactly those of <see cref="Extract"/>, and what was skipped, both in order of appearance.</returns>
    public static ExtractedCitations ExtractWithSkipped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var located = Locate(text);
        return new ExtractedCitations(
            located.Citations.ConvertAll(found => found.Citation),
            located.Skipped.ConvertAll(found => found.Skipped));
    }

    /// <summary><see cref="ExtractWithSkipped"/> with where each piece stands, for readers that merge it with what they found elsewhere.</summary>
    internal static LocatedText Locate(string text)
    {
        var lines = SplitLines(text);
        var skipped = new List<LocatedSkip>();
        var citations = FindUrls(lines, skipped);
        FindOtherSchemes(lines, citations, skipped);
        FindEmailAddresses(lines, citations, skipped);
        skipped.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new LocatedText(lines, citations, skipped);
    }

    /// <summary>Every http(s) and <c>www.</c> URL; what starts like one and fails normalization goes to <paramref name="malformed"/> when given.</summary>
    private static List<LocatedCitation> FindUrls(List<string> lines, List<LocatedSkip>? malformed)
    {
        var found = new List<LocatedCitation>();
        var line = 0;
        var column = 0;
        while (line < lines.Count)
        {
            var match = UrlStart().Match(lines[line], column);
            if (!match.Success)
            {
                line++;
                column = 0;
                continue;
            }

            var scan = Scan(lines, line, match.Index);
            if (scan.Url.Length > 0 && UrlNormalizer.TryNormalize(scan.Url, out var normalized, out _))
            {
                var context = CitationSurroundings.Context(lines[line][..match.Index], scan.Url, lines[scan.EndLine][scan.EndColumn..]);
                var cited = new CitedUrl(scan.Url, normalized, context, line + 1)
                {
                    Quote = CitationSurroundings.QuoteNear(lines, line, match.Index, scan.EndLine, scan.EndColumn),
                };
                found.Add(new LocatedCitation(cited, new TextPoint(line, match.Index), new TextPoint(scan.EndLine, scan.EndColumn)));
            }
            else if (scan.Url.Length > 0)
            {
                malformed?.Add(new LocatedSkip(
                    Skip(scan.Url, SkipReasons.Malformed), new TextPoint(line, match.Index), new TextPoint(scan.EndLine, scan.EndColumn)));
            }

            if (scan.ResumeLine == line)
            {
                column = Math.Max(scan.ResumeColumn, match.Index + 1);
            }
            else
            {
                line = scan.ResumeLine;
                column = scan.ResumeColumn;
            }
        }

        return found;
    }

    /// <summary>
    /// URLs of a scheme other than http(s) (<c>ftp://</c>, <c>file://</c>...), which cannot be checked: listed as
    /// <see cref="SkipReasons.Scheme"/>. A scheme glued to a word before an http(s) one (<c>Seehttps://</c>) is a
    /// URL run into the text: <see cref="SkipReasons.Malformed"/>.
    /// </summary>
    private static void FindOtherSchemes(List<string> lines, List<LocatedCitation> citations, List<LocatedSkip> skipped)
    {
        var taken = new Spans(citations, skipped);
        for (var line = 0; line < lines.Count; line++)
        {
            if (!lines[line].Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in OtherScheme().Matches(lines[line]))
            {
                var scheme = match.Groups["scheme"].Value;
                if (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
                    || taken.Overlaps(new TextPoint(line, match.Index), new TextPoint(line, match.Index + match.Length)))
                {
                    continue;
                }

                var scan = Scan(lines, line, match.Index);
                var reason = scheme.EndsWith("http", StringComparison.OrdinalIgnoreCase) || scheme.EndsWith("https", StringComparison.OrdinalIgnoreCase)
                    ? SkipReasons.Malformed
                    : SkipReasons.Scheme;
                var end = new TextPoint(scan.EndLine, scan.EndColumn);
                skipped.Add(new LocatedSkip(Skip(scan.Url.Length > 0 ? scan.Url : match.Value, reason), new TextPoint(line, match.Index), end));
                taken.Add(new TextPoint(line, match.Index), end);
            }
        }
    }

    /// <summary>E-mail addresses (with their <c>mailto:</c>, when written), outside every URL: listed as <see cref="SkipReasons.Email"/>.</summary>
    private static void FindEmailAddresses(List<string> lines, List<LocatedCitation> citations, List<LocatedSkip> skipped)
    {
        Spans? taken = null;
        for (var line = 0; line < lines.Count; line++)
        {
            if (!lines[line].Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in EmailAddress().Matches(lines[line]))
            {
                var start = new TextPoint(line, match.Index);
                var end = new TextPoint(line, match.Index + match.Length);
                taken ??= new Spans(citations, skipped);
                if (!taken.Overlaps(start, end))
                {
                    skipped.Add(new LocatedSkip(Skip(match.Value, SkipReasons.Email), start, end));
                }
            }
        }
    }

    /// <summary>A skipped piece as written, cut to about 300 characters like a context (a run-on token can be very long).</summary>
    private static SkippedText Skip(string text, string reason) => new(CitationSurroundings.Context("", text, ""), reason);

    /// <summary>The stretches of text already taken by a URL, so that an address or scheme inside one is not listed again.</summary>
    private sealed class Spans
    {
        private readonly List<(TextPoint Start, TextPoint End)> _spans = [];

        public Spans(List<LocatedCitation> citations, List<LocatedSkip> skipped)
        {
            _spans.AddRange(citations.Select(c => (c.Start, c.End)));
            _spans.AddRange(skipped.Select(s => (s.Start, s.End)));
        }

        public void Add(TextPoint start, TextPoint end) => _spans.Add((start, end));

        public bool Overlaps(TextPoint start, TextPoint end) =>
            _spans.Exists(span => span.Start.CompareTo(end) < 0 && start.CompareTo(span.End) < 0);
    }

    // A scheme other than http(s) before "://", not glued to a longer word or scheme.
    [GeneratedRegex(@"(?<![A-Za-z0-9+.\-])(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://", RegexOptions.CultureInvariant)]
    private static partial Regex OtherScheme();

    // Local part, "@", dot-separated labels and a top-level domain of two or more letters; not inside a longer token.
    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])(?:mailto:)?[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}(?![\p{L}\p{N}\-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EmailAddress();

    // "www." must not continue a word, host, path or e-mail address (info@www.example.org).
    [GeneratedRegex(@"(?<![A-Za-z0-9])https?://|(?<![A-Za-z0-9@._\-/:%+~=&?#!$*])www\.[\p{L}\p{N}-]+\.[\p{L}\p{N}]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlStart();

    [GeneratedRegex(@"^(?:[a-z][a-z0-9+.\-]*://|www\.)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartsWithUrl();

    [GeneratedRegex(@"^https?://$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeOnly();

    private sealed record ScanResult(string Url, int EndLine, int EndColumn, int ResumeLine, int ResumeColumn);

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                lines.Add(text[start..i]);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lines.Add(text[start..]);
        return lines;
    }

    private static ScanResult Scan(List<string> lines, int startLine, int startColumn)
    {
        var url = new StringBuilder();
        var ends = new List<(int Line, int Column)>();
        var openers = new List<char>();
        var angled = startColumn > 0 && lines[startLine][startColumn - 1] == '<';
        var line = startLine;
        var column = Consume(lines[line], line, startColumn, url, openers, ends);

        while (column == lines[line].Length && line + 1 < lines.Count
            && Continuation(url.ToString(), lines[line + 1], openers, angled) is { } next)
        {
            line++;
            column = Consume(lines[line], line, next, url, openers, ends);
        }

        var cited = url.ToString();
        var kept = TrimmedLength(cited);
        var (endLine, endColumn) = kept == 0 ? (startLine, startColumn) : ends[kept - 1];
        return new ScanResult(cited[..kept], endLine, endColumn, line, column);
    }

    /// <summary>Reads URL characters from <paramref name="start"/>; returns the column where the URL stops.</summary>
    private static int Consume(
        string line, int lineIndex, int start, StringBuilder url, List<char> openers, List<(int Line, int Column)>? ends)
    {
        var column = start;
        while (column < line.Length)
        {
            var c = line[column];
            if (IsInvisible(c))
            {
                column++;
                continue;
            }

            if (IsTerminator(c) || (c is ',' or ';' && IsUrlStart(line, column + 1)))
            {
                break;
            }

            if (c is '(' or '[' or '{')
            {
                openers.Add(c);
            }
            else if (c is ')' or ']' or '}')
            {
                var opener = c switch { ')' => '(', ']' => '[', _ => '{' };
                if (openers.Count == 0 || openers[^1] != opener)
                {
                    break;
                }

                openers.RemoveAt(openers.Count - 1);
            }

            url.Append(c);
            column++;
            ends?.Add((lineIndex, column));
        }

        return column;
    }

    /// <summary>
    /// The column where <paramref name="next"/> continues a URL that runs to the end of the
    /// previous line, or null when it does not (see the class remarks for the rules).
    /// </summary>
    private static int? Continuation(string cited, string next, List<char> openers, bool angled)
    {
        var start = 0;
        while (start < next.Length && next[start] == '\f')
        {
            start++;
        }

        if (cited.Length == 0 || start >= next.Length || char.IsWhiteSpace(next[start]))
        {
            return null;
        }

        var piece = new StringBuilder();
        var stop = Consume(next, 0, start, piece, [.. openers], ends: null);
        var token = piece.ToString();
        token = token[..TrimmedLength(token)];
        if (token.Length == 0)
        {
            return null;
        }

        if (SchemeOnly().IsMatch(cited))
        {
            return start;
        }

        if (StartsWithUrl().IsMatch(token) || IsEmailAddress(token))
        {
            return null;
        }

        if (angled && stop < next.Length && next[stop] == '>')
        {
            return start;
        }

        var last = cited[^1];
        var joins = last switch
        {
            _ when JoinAlways.Contains(last, StringComparison.Ordinal) => true,
            _ when JoinNever.Contains(last, StringComparison.Ordinal) => false,
            '.' => LooksLikeUrlPiece(token) || FileExtensions.Contains(token),
            '?' => LooksLikeUrlPiece(token),
            '/' => LooksLikeUrlPiece(token) || IsIdentifier(token),
            _ => LooksLikeUrlPiece(token) || IsSlugContinuation(cited, token),
        };
        return joins ? start : null;
    }

    // "a,https://b" is a list of two URLs, not one with a comma in it.
    private static bool IsUrlStart(string line, int index) =>
        line.AsSpan(index).StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || line.AsSpan(index).StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeUrlPiece(string token)
    {
        if (ProseWithSlash.Contains(token))
        {
            return false;
        }

        if (token.AsSpan().IndexOfAny(UrlMarks) >= 0)
        {
            return true;
        }

        // The rest of a file name broken before its extension: ".pdf", ".asp".
        if (token.StartsWith('.') && FileExtensions.Contains(new string([.. token.Skip(1).TakeWhile(char.IsAsciiLetterOrDigit)])))
        {
            return true;
        }

        // An inner dot followed by two or more letters or digits: "027.asp", "example.org/", not "e.g." or "U.S.".
        for (var i = 1; i < token.Length - 2; i++)
        {
            if (token[i] == '.' && char.IsLetterOrDigit(token[i - 1])
                && char.IsLetterOrDigit(token[i + 1]) && char.IsLetterOrDigit(token[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    // After "status/": "1349698873988689926" or "5e786ab14" fits; "2021" (a year), "2nd", "3" (a list
    // number) or "10,000" does not.
    private static bool IsIdentifier(string token) =>
        token.Length >= 5 && token.Any(char.IsAsciiDigit) && token.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsSlugContinuation(string cited, string token)
    {
        var segment = cited[(cited.LastIndexOf('/') + 1)..];
        return IsSlug(segment) && IsSlug(token);

        static bool IsSlug(string s) =>
            s.Count(c => c == '-') >= 2 && s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }

    private static bool IsEmailAddress(string token)
    {
        var at = token.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0)
        {
            return false;
        }

        var slash = token.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || slash > at;
    }

    private static int TrimmedLength(string url)
    {
        var length = url.Length;
        while (length > 0 && TrailingPunctuation.Contains(url[length - 1], StringComparison.Ordinal))
        {
            length--;
        }

        return length;
    }

    // Format characters PDF converters put inside long URLs as break opportunities.
    internal static bool IsInvisible(char c) => c is '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF';

    private static bool IsTerminator(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || c switch
        {
            '<' or '>' or '"' or '`' => true,
            '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2018' or '\u2019' or '\u201A' or '\u201B' => true,
            '\u00AB' or '\u00BB' or '\u2039' or '\u203A' => true,
            '\u3001' or '\u3002' or '\u300C' or '\u300D' or '\u300E' or '\u300F' or '\u3010' or '\u3011' => true,
            '\uFF08' or '\uFF09' or '\uFF0C' or '\uFF1A' or '\uFF1B' or '\uFF01' or '\uFF1F' => true,
            _ => false,
        };
}
