using System.Text;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;
using CitationMonitor.Domain.Text.Html;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads a web page: every link (<c>&lt;a href&gt;</c>) of its main content, and every URL written in the text of its
/// main content; the title is the page's <c>&lt;title&gt;</c>.
/// </summary>
/// <remarks>
/// <para>
/// The main content is what the checker reads as the page's text (<see cref="ContentExtractor"/>): the <c>main</c> or
/// <c>article</c> region, else the block of text that scores highest, else the body; never navigation, banners,
/// footers, cookie notices, share bars or related-news boxes. Lists of links inside a chosen region or block are kept
/// (a page's list of sources is what a reader of citations looks for); when no region or block stands out, the body's
/// boxes of links (unnamed menus) are left out, as the checker leaves them out.
/// </para>
/// <para>
/// A link's context is its anchor text (an image's <c>alt</c> or the link's <c>title</c> or <c>aria-label</c> when it
/// has none); a short one (fewer than four words: "aquí", "this report", the URL itself) is extended to the sentence
/// around it, or to its paragraph when the sentence is only the link; at most about 300 characters, as for URLs in text.
/// </para>
/// <para>
/// Targets are read as browsers read them (entities decoded, surrounding whitespace dropped, tabs and line breaks
/// inside removed, spaces encoded). Relative targets resolve against the page's <c>&lt;base href&gt;</c> (itself resolved
/// against the document's address) or else the document's address (<c>sourceUrl</c>); with neither, they are listed as
/// <see cref="SkipReasons.RelativeWithoutBase"/>. A target starting with <c>www.</c> is relative too, as in a browser.
/// <c>mailto:</c> targets are listed as <see cref="SkipReasons.Email"/>, other schemes (<c>javascript:</c>, <c>tel:</c>,
/// <c>ftp:</c>, <c>file:</c>, <c>data:</c>...) as <see cref="SkipReasons.Scheme"/>, http(s) targets that cannot be
/// checked as <see cref="SkipReasons.Malformed"/>, each with the target as written.
/// </para>
/// <para>
/// Links to a place in the page itself (<c>href="#top"</c>, <c>href=""</c>) are ignored without being listed: they
/// are how a page moves around itself (back to top, footnote markers, a table of contents), never a source, and
/// listing them would bury the skipped entries that matter.
/// </para>
/// <para>
/// URLs in the text are found as in plain text (<see cref="CitationExtractor.ExtractWithSkipped"/>), with the e-mail
/// addresses and other schemes it lists. A URL the text shows in or beside a link to that same URL (in the same
/// paragraph) is that link's: it is listed once as <see cref="SkipReasons.Duplicate"/>, for each such link. An address
/// or scheme written inside a link that is itself skipped is not listed twice.
/// </para>
/// <para>
/// A link's <see cref="CitedUrl.Line"/> is the line of the page's source where its <c>&lt;a&gt;</c> starts; a URL in the
/// text, the source line it is written on.
/// </para>
/// </remarks>
public static class HtmlDocumentReader
{
    /// <summary>
    /// Elements parsed at most: the parser's tree costs about a kilobyte per element. A page with more is refused
    /// rather than read in part, so no citation is dropped without a word.
    /// </summary>
    public const int MaxElements = 200_000;

    /// <summary>Anchor texts of fewer words than this are extended to their sentence.</summary>
    private const int ShortAnchorWords = 4;

    /// <summary>Reads a page's bytes (the encoding from a byte order mark or a <c>&lt;meta charset&gt;</c>, else UTF-8 or windows-1252).</summary>
    /// <param name="bytes">The page.</param>
    /// <param name="baseUrl">The page's own address, when known: relative links resolve against it. Ignored when not an absolute http(s) URL.</param>
    /// <exception cref="UnreadableDocumentException">The markup is too large or too deeply nested to be parsed.</exception>
    public static ReadDocument Read(byte[] bytes, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var html = TextDecoder.Decode(bytes, null, isHtml: true);
        if (ContentExtractor.UpToElements(html, MaxElements).Length < html.Length)
        {
            throw new UnreadableDocumentException($"The page has more than {MaxElements:N0} elements, too many to be read whole.");
        }

        var document = new HtmlDocument { OptionMaxNestedChildNodes = HtmlTextExtractor.MaxNestingDepth };
        try
        {
            document.LoadHtml(html);
        }
        catch (Exception e)
        {
            throw new UnreadableDocumentException("The page's markup is nested too deeply to be read.", e);
        }

        var main = HtmlTextExtractor.FindMainContent(document);
        var pageBase = PageBase(document, UrlCandidates.IsBase(baseUrl) ? baseUrl : null);
        var page = new Page(main);
        page.Render();
        return Collect(page, pageBase, main.Title);
    }

    /// <summary>The base of relative links: the first <c>&lt;base href&gt;</c> (resolved against the document's address), else that address.</summary>
    private static string? PageBase(HtmlDocument document, string? documentUrl)
    {
        var element = HtmlTree.FindAll(document.DocumentNode, "base").FirstOrDefault(node => node.Attributes.Contains("href"));
        var href = element is null ? "" : UrlCandidates.CleanTarget(HtmlEntity.DeEntitize(element.GetAttributeValue("href", "")));
        if (href.Length == 0)
        {
            return documentUrl;
        }

        var resolved = UrlCandidates.SchemeOf(href) is not null ? href
            : documentUrl is not null ? UrlCandidates.Resolve(href, documentUrl)
            : null;
        return UrlCandidates.IsBase(resolved) ? resolved : documentUrl;
    }

    private static ReadDocument Collect(Page page, string? pageBase, string? title)
    {
        var text = string.Join("\n\n", page.Lines);
        var located = CitationExtractor.Locate(text);
        var citations = new List<(int Block, int Column, int Order, CitedUrl Citation)>();
        var skipped = new List<(int Block, int Column, SkippedText Skipped)>();
        var links = new List<(Anchor Anchor, CitedUrl Citation)>();

        foreach (var anchor in page.Anchors)
        {
            var written = HtmlEntity.DeEntitize(anchor.Node.GetAttributeValue("href", "")).Trim();
            var cleaned = UrlCandidates.CleanTarget(written);
            if (cleaned.Length == 0 || cleaned.StartsWith('#'))
            {
                continue;
            }

            var target = UrlCandidates.SchemeOf(cleaned) is not null ? cleaned
                : pageBase is not null ? UrlCandidates.Resolve(cleaned, pageBase)
                : null;
            if (target is null)
            {
                anchor.Skipped = true;
                skipped.Add((anchor.Block, anchor.Start, UrlCandidates.Skip(written, SkipReasons.RelativeWithoutBase)));
            }
            else if (UrlCandidates.TryAccept(target, out var normalized, out var reason))
            {
                var block = anchor.Block;
                var cited = new CitedUrl(target, normalized, LinkContext(page, anchor), anchor.Node.Line)
                {
                    Quote = CitationSurroundings.QuoteNear(located.Lines, 2 * block, anchor.Start, 2 * block, anchor.End),
                };
                links.Add((anchor, cited));
                citations.Add((block, anchor.Start, 0, cited));
            }
            else
            {
                anchor.Skipped = true;
                skipped.Add((anchor.Block, anchor.Start, UrlCandidates.Skip(written, reason)));
            }
        }

        var absorbed = new HashSet<Anchor>();
        foreach (var found in located.Citations)
        {
            var block = found.Start.Line / 2;
            var column = found.Start.Column;
            var key = found.Citation.Normalized.Key;
            var link = links
                .Where(l => l.Anchor.Block == block && l.Citation.Normalized.Key == key && !absorbed.Contains(l.Anchor))
                .OrderBy(l => l.Anchor.Start <= column && column < l.Anchor.End ? 0 : 1)
                .ThenBy(l => Math.Abs(l.Anchor.Start - column))
                .Select(l => l.Anchor)
                .FirstOrDefault();
            if (link is not null)
            {
                absorbed.Add(link);
                skipped.Add((block, column, UrlCandidates.Skip(found.Citation.Url, SkipReasons.Duplicate)));
            }
            else
            {
                citations.Add((block, column, 1, found.Citation with { Line = page.SourceLine(block, column) }));
            }
        }

        foreach (var found in located.Skipped)
        {
            var block = found.Start.Line / 2;
            var column = found.Start.Column;
            if (!page.Anchors.Any(a => a.Skipped && a.Block == block && a.Start <= column && column < a.End))
            {
                skipped.Add((block, column, found.Skipped));
            }
        }

        return new ReadDocument(
            DocumentKind.Html,
            [.. citations.OrderBy(c => c.Block).ThenBy(c => c.Column).ThenBy(c => c.Order).Select(c => c.Citation)],
            [.. skipped.OrderBy(s => s.Block).ThenBy(s => s.Column).Select(s => s.Skipped)],
            title)
        {
            Text = text,
        };
    }

    /// <summary>The anchor text, or the sentence (else the paragraph) around a short one; at most about 300 characters.</summary>
    private static string LinkContext(Page page, Anchor anchor)
    {
        var text = anchor.Text.Length > 0 ? anchor.Text : Fallback(anchor.Node);
        if (text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= ShortAnchorWords)
        {
            return CitationSurroundings.Context("", text, "");
        }

        var line = page.Lines[anchor.Block];
        var before = line[..anchor.Start];
        var after = anchor.MultiLine ? "" : line[anchor.End..];
        var sentenceBefore = before[SentenceStart(before)..];
        var sentenceAfter = after[..SentenceEnd(after)];
        if (!(sentenceBefore + sentenceAfter).Any(char.IsLetterOrDigit))
        {
            (sentenceBefore, sentenceAfter) = (before, after);
        }

        return CitationSurroundings.Context(sentenceBefore, anchor.Text.Length > 0 ? anchor.Text : text, sentenceAfter);
    }

    /// <summary>What stands for a link without text: its image's <c>alt</c>, its <c>title</c> or <c>aria-label</c>.</summary>
    private static string Fallback(HtmlNode link)
    {
        var image = HtmlTree.FindAll(link, "img").FirstOrDefault(img => img.GetAttributeValue("alt", "").Trim().Length > 0);
        var raw = image?.GetAttributeValue("alt", "")
            ?? (link.GetAttributeValue("title", "").Trim().Length > 0 ? link.GetAttributeValue("title", "") : link.GetAttributeValue("aria-label", ""));
        return TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(HtmlEntity.DeEntitize(raw)).Trim());
    }

    /// <summary>Where the sentence that <paramref name="before"/> ends in starts: after the last ". ", "! ", "? " or "… ".</summary>
    private static int SentenceStart(string before)
    {
        for (var i = before.Length - 2; i >= 0; i--)
        {
            if (IsSentenceEnd(before[i]) && before[i + 1] == ' ')
            {
                return i + 2;
            }
        }

        return 0;
    }

    /// <summary>How much of <paramref name="after"/> finishes the sentence: up to its first ".", "!", "?" or "…" before a space or the end.</summary>
    private static int SentenceEnd(string after)
    {
        for (var i = 0; i < after.Length; i++)
        {
            if (IsSentenceEnd(after[i]) && (i + 1 == after.Length || after[i + 1] == ' '))
            {
                return i + 1;
            }
        }

        return after.Length;
    }

    private static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '…';

    /// <summary>A link being rendered: where its text starts and ends on the line (block) it starts on.</summary>
    private sealed class Anchor(HtmlNode node)
    {
        public HtmlNode Node { get; } = node;

        /// <summary>The 0-based block (rendered line) the anchor's text starts on; -1 until it shows a character.</summary>
        public int Block { get; set; } = -1;

        public int Start { get; set; }

        public int End { get; set; }

        public bool MultiLine { get; set; }

        public string Text { get; set; } = "";

        public bool Skipped { get; set; }
    }

    /// <summary>
    /// The main content rendered to lines, one per block (paragraph, list item, table row, heading...), whitespace
    /// collapsed, with where each link's text stands and which source text node each piece of a line comes from.
    /// </summary>
    private sealed class Page(HtmlTextExtractor.MainContent main)
    {
        private readonly StringBuilder _line = new();
        private readonly List<Anchor> _open = [];
        private readonly List<(int Block, int Column, HtmlNode Node, string Text, int Offset)> _segments = [];
        private bool _pendingSpace;

        public List<string> Lines { get; } = [];

        public List<Anchor> Anchors { get; } = [];

        public void Render()
        {
            var stack = new Stack<(HtmlNode Node, bool Exit, bool InPre)>();
            stack.Push((main.Root, false, false));
            while (stack.Count > 0)
            {
                var (node, exit, inPre) = stack.Pop();
                if (exit)
                {
                    if (node.Name == "a" && _open.Find(a => a.Node == node) is { } anchor)
                    {
                        Close(anchor);
                    }

                    if (IsBlock(node))
                    {
                        Break();
                    }

                    continue;
                }

                if (main.Chrome.Contains(node) || main.LinkBoxes.Contains(node))
                {
                    continue;
                }

                switch (node.NodeType)
                {
                    case HtmlNodeType.Text:
                        Append(node, TextNormalizer.ToNfc(main.Texts.Of(node)), inPre);
                        continue;
                    case HtmlNodeType.Element when node.Name == "br":
                        Break();
                        continue;
                    case HtmlNodeType.Element when node.Name is "td" or "th":
                        if (_line.Length > 0)
                        {
                            _line.Append(" | ");
                            _pendingSpace = false;
                        }

                        break;
                    case HtmlNodeType.Element when IsBlock(node):
                        Break();
                        break;
                }

                if (node.NodeType == HtmlNodeType.Element && node.Name == "a" && node.Attributes.Contains("href"))
                {
                    var anchor = new Anchor(node);
                    Anchors.Add(anchor);
                    _open.Add(anchor);
                }

                stack.Push((node, true, inPre));
                var childInPre = inPre || node.Name == "pre";
                for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
                {
                    stack.Push((node.ChildNodes[i], false, childInPre));
                }
            }

            Break();

            // A link without text at the very end stands at the end of the last line.
            foreach (var anchor in Anchors.Where(a => a.Block >= Lines.Count))
            {
                if (Lines.Count == 0)
                {
                    Lines.Add("");
                }

                anchor.Block = Lines.Count - 1;
                anchor.Start = anchor.End = Lines[^1].Length;
            }
        }

        private static bool IsBlock(HtmlNode node) =>
            node.NodeType == HtmlNodeType.Element && node.Name is not ("td" or "th") && HtmlTree.BlockTags.Contains(node.Name);

        private void Append(HtmlNode node, string text, bool inPre)
        {
            var recorded = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '\n' or '\r' && inPre)
                {
                    Break();
                    recorded = false;
                    continue;
                }

                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    _pendingSpace = _line.Length > 0;
                    continue;
                }

                if (_pendingSpace)
                {
                    _line.Append(' ');
                    _pendingSpace = false;
                }

                if (!recorded)
                {
                    _segments.Add((Lines.Count, _line.Length, node, text, i));
                    recorded = true;
                }

                foreach (var anchor in _open)
                {
                    if (anchor.Block < 0)
                    {
                        anchor.Block = Lines.Count;
                        anchor.Start = _line.Length;
                    }
                }

                _line.Append(c);
            }
        }

        private void Break()
        {
            if (_line.Length > 0)
            {
                Lines.Add(_line.ToString());
                _line.Clear();
            }

            _pendingSpace = false;
        }

        private void Close(Anchor anchor)
        {
            _open.Remove(anchor);
            if (anchor.Block < 0)
            {
                // No text at all (an image link): it stands where it ends.
                anchor.Block = Lines.Count;
                anchor.Start = anchor.End = _line.Length;
                return;
            }

            if (anchor.Block == Lines.Count)
            {
                anchor.End = _line.Length;
                anchor.Text = _line.ToString(anchor.Start, anchor.End - anchor.Start);
                return;
            }

            anchor.MultiLine = true;
            anchor.End = Lines[anchor.Block].Length;
            var pieces = new List<string> { Lines[anchor.Block][anchor.Start..] };
            pieces.AddRange(Lines.Skip(anchor.Block + 1));
            pieces.Add(_line.ToString());
            anchor.Text = string.Join(' ', pieces.Where(p => p.Length > 0));
        }

        /// <summary>The line of the page's source on which the character at <paramref name="column"/> of a block is written.</summary>
        public int SourceLine(int block, int column)
        {
            // The last piece that starts at or before the column (the pieces are in rendering order).
            var low = 0;
            var high = _segments.Count - 1;
            var found = -1;
            while (low <= high)
            {
                var middle = (low + high) / 2;
                var (b, c, _, _, _) = _segments[middle];
                if (b < block || (b == block && c <= column))
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            if (found < 0 || _segments[found].Block != block)
            {
                return 1;
            }

            var segment = _segments[found];

            // Count the visible characters up to the column, and find as many in the node's text.
            var visible = 0;
            foreach (var c in Lines[block].AsSpan(segment.Column, column - segment.Column))
            {
                visible += char.IsWhiteSpace(c) ? 0 : 1;
            }

            var newlines = segment.Text.AsSpan(0, segment.Offset).Count('\n');
            foreach (var c in segment.Text.AsSpan(segment.Offset))
            {
                if (c == '\n')
                {
                    newlines++;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    if (visible == 0)
                    {
                        break;
                    }

                    visible--;
                }
            }

            return segment.Node.Line + newlines;
        }
    }
}
