using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// The text of a subtree as lines: block elements start new lines, <c>br</c> breaks one, <c>pre</c> keeps its own
/// line breaks. Table cells of one data row share a line, separated by <c>" | "</c>; a cell that holds block content
/// (a layout cell of a table-based page) is a block of its own instead.
/// </summary>
internal static class TextRenderer
{
    internal static string Render(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts, int maxChars)
    {
        var layoutCells = new Dictionary<HtmlNode, bool>();
        bool IsCellInRow(HtmlNode node) => IsDataCell(node, layoutCells);

        var line = new TextNormalizer.LineJoiner(maxChars);
        var total = 0;

        void Break()
        {
            if (line.LineLength > 0)
            {
                total += line.LineLength;
                line.EndLine();
            }
        }

        // Each node is visited twice: on entry (false) and after its children (true). InPre: inside a pre element,
        // known from the parent instead of walking every text node's ancestors.
        var stack = new Stack<(HtmlNode Node, bool Exit, bool InPre)>();
        stack.Push((root, false, HtmlTree.HasAncestor(root, "pre")));
        while (stack.Count > 0 && total < maxChars)
        {
            var (node, exit, inPre) = stack.Pop();
            if (exit)
            {
                if (HtmlTree.BlockTags.Contains(node.Name) && !IsCellInRow(node))
                {
                    Break();
                }

                continue;
            }

            if (skipped.Contains(node))
            {
                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    AppendText(line, texts.Of(node), inPre, Break);
                    continue;
                case HtmlNodeType.Element when node.Name == "br":
                    Break();
                    continue;
                case HtmlNodeType.Element when IsCellInRow(node):
                    // Only between cells that showed something: a skipped or empty cell leaves no stray separator.
                    if (HasPreviousCell(node) && line.LineHasNonWhiteSpace)
                    {
                        line.Append(" | ");
                    }

                    break;
                case HtmlNodeType.Element when HtmlTree.BlockTags.Contains(node.Name):
                    Break();
                    break;
            }

            stack.Push((node, true, inPre));
            var childInPre = inPre || node.Name == "pre";
            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push((node.ChildNodes[i], false, childInPre));
            }
        }

        Break();
        return line.ToText();
    }

    private static void AppendText(TextNormalizer.LineJoiner line, string text, bool preformatted, Action lineBreak)
    {
        if (!preformatted)
        {
            line.Append(text);
            return;
        }

        var parts = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                lineBreak();
            }

            line.Append(parts[i]);
        }
    }

    // Data cells are inline within their row; only the row ends the line. A cell holding blocks is page layout.
    private static bool IsDataCell(HtmlNode node, Dictionary<HtmlNode, bool> cache)
    {
        if (node.Name is not ("td" or "th") || node.ParentNode?.Name != "tr")
        {
            return false;
        }

        if (!cache.TryGetValue(node, out var isData))
        {
            isData = !HasBlockDescendant(node);
            cache[node] = isData;
        }

        return isData;
    }

    private static bool HasBlockDescendant(HtmlNode node)
    {
        var stack = new Stack<HtmlNode>(node.ChildNodes);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current.NodeType == HtmlNodeType.Element && HtmlTree.BlockTags.Contains(current.Name))
            {
                return true;
            }

            foreach (var child in current.ChildNodes)
            {
                stack.Push(child);
            }
        }

        return false;
    }

    private static bool HasPreviousCell(HtmlNode cell)
    {
        for (var sibling = cell.PreviousSibling; sibling is not null; sibling = sibling.PreviousSibling)
        {
            if (sibling.Name is "td" or "th")
            {
                return true;
            }
        }

        return false;
    }
}
