using System.Text;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// The lines of a main content before it is rendered: each block that owns text of its own (a paragraph, a heading, a
/// div with loose text), in document order, with how much of that text is link text, whether a label mark stands
/// outside its links ("Lea también:", "Read more »"), whether blocks with text of their own lie inside it, and the
/// start of its text. Measured in one walk, so that the rules on lines cost no more than the walk.
/// </summary>
internal sealed class BlockLines
{
    // Enough of a line's text for the rules that read it (dates, calls to action); longer lines are never furniture.
    private const int KeptChars = 320;

    private static readonly System.Buffers.SearchValues<char> LabelMarks = System.Buffers.SearchValues.Create(":»›|→>");

    private readonly Dictionary<HtmlNode, Line> _lines = [];

    // Every element that holds a line inside it.
    private readonly HashSet<HtmlNode> _holders = [];

    private BlockLines()
    {
    }

    /// <summary>The lines, in document order.</summary>
    public List<Line> InOrder { get; } = [];

    /// <summary>Whether blocks with text of their own lie inside the line's block: skipping it would skip them too.</summary>
    public bool HoldsLines(Line line) => _holders.Contains(line.Block);

    public static BlockLines Of(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var lines = new BlockLines();
        foreach (var node in HtmlTree.Descendants(root, skipped))
        {
            if (node.NodeType != HtmlNodeType.Text || skipped.Contains(node) || HtmlTree.OwningBlock(node) is not { } block || block == root)
            {
                continue;
            }

            var decoded = texts.Of(node);
            var length = TextNormalizer.CollapsedLength(decoded);
            if (length > 0)
            {
                lines.Add(block, root, decoded, length, HtmlTree.Ancestor(node, "a") is { } link && HtmlTree.IsAncestorOrSelf(block, link));
            }
        }

        return lines;
    }

    private void Add(HtmlNode block, HtmlNode root, string text, int length, bool inLink)
    {
        if (!_lines.TryGetValue(block, out var line))
        {
            line = new Line(block);
            _lines[block] = line;
            InOrder.Add(line);

            // Every block around this one holds lines of its own: it is not a single line. The walk stops at a holder
            // already marked, whose own holders are marked too.
            var parent = block.ParentNode;
            while (parent is not null && parent != root && _holders.Add(parent))
            {
                parent = parent.ParentNode;
            }
        }

        line.Text += length;
        line.Links += inLink ? length : 0;
        line.Marked |= !inLink && text.AsSpan().IndexOfAny(LabelMarks) >= 0;
        line.Append(text);
    }

    /// <summary>One block's own text.</summary>
    internal sealed class Line(HtmlNode block)
    {
        public HtmlNode Block { get; } = block;

        /// <summary>Visible characters of its own text, white space collapsed.</summary>
        public int Text { get; set; }

        /// <summary>How many of them are link text.</summary>
        public int Links { get; set; }

        /// <summary>A label mark (<c>:</c>, <c>»</c>, <c>|</c>...) stands in its text outside its links.</summary>
        public bool Marked { get; set; }

        // The start of its text: most lines are one text node, whose string is kept as it is.
        private string _start = "";
        private StringBuilder? _joined;

        /// <summary>Its text with white space collapsed, when it is short enough to have been kept whole.</summary>
        public string? Whole
        {
            get
            {
                var start = _joined?.ToString() ?? _start;
                return start.Length < KeptChars ? TextNormalizer.CollapseWhitespace(start).Trim() : null;
            }
        }

        public void Append(string text)
        {
            if (_joined is null && _start.Length == 0)
            {
                _start = text;
            }
            else if ((_joined?.Length ?? _start.Length) < KeptChars)
            {
                (_joined ??= new StringBuilder(_start)).Append(text);
            }
        }
    }
}
