using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Walking and measuring the parsed tree: traversals that never enter skipped subtrees, ancestors, the block that owns
/// a node, and visible-text counts. Every traversal is iterative, so absurdly deep markup cannot overflow the stack.
/// </summary>
internal static class HtmlTree
{
    /// <summary>Elements that start a line of their own.</summary>
    internal static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "td", "th", "ul",
    };

    /// <summary>Document-order traversal of <paramref name="root"/> and its descendants, not entering skipped nodes.</summary>
    internal static IEnumerable<HtmlNode> Descendants(HtmlNode root, HashSet<HtmlNode> skipped)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;

            // The caller may have just added the node to the skip set.
            if (skipped.Contains(node))
            {
                continue;
            }

            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }
    }

    internal static HtmlNode? FindFirst(HtmlNode root, Func<HtmlNode, bool> predicate, HashSet<HtmlNode> skipped) =>
        Descendants(root, skipped).FirstOrDefault(predicate);

    /// <summary>Every element named <paramref name="name"/> under <paramref name="root"/>, in document order.</summary>
    internal static List<HtmlNode> FindAll(HtmlNode root, string name) =>
        [.. Descendants(root, []).Where(node => node.Name == name)];

    /// <summary>Visible characters (whitespace collapsed) under <paramref name="root"/>, and how many of them are link text.</summary>
    internal static (int Text, int Links) TextStats(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var text = 0;
        var links = 0;
        foreach (var node in Descendants(root, skipped))
        {
            if (node.NodeType == HtmlNodeType.Text && !skipped.Contains(node))
            {
                var length = TextNormalizer.CollapsedLength(texts.Of(node));
                text += length;
                if (Ancestor(node, "a") is not null)
                {
                    links += length;
                }
            }
        }

        return (text, links);
    }

    internal static bool IsInside(HtmlNode node, HashSet<HtmlNode> skipped)
    {
        for (var current = node; current is not null; current = current.ParentNode)
        {
            if (skipped.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest ancestor that starts a line of its own (a paragraph, cell, list item, div...).</summary>
    internal static HtmlNode? OwningBlock(HtmlNode node)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (BlockTags.Contains(parent.Name))
            {
                return parent;
            }
        }

        return null;
    }

    internal static HtmlNode? Ancestor(HtmlNode node, string name)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (parent.Name == name)
            {
                return parent;
            }
        }

        return null;
    }

    internal static bool HasAncestor(HtmlNode node, params string[] names)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (names.Contains(parent.Name))
            {
                return true;
            }
        }

        return false;
    }

    internal static bool IsAncestorOrSelf(HtmlNode ancestor, HtmlNode node)
    {
        for (var current = node; current is not null; current = current.ParentNode)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    internal static HtmlNode CommonAncestor(HtmlNode a, HtmlNode b)
    {
        for (var current = a; current is not null; current = current.ParentNode)
        {
            if (IsAncestorOrSelf(current, b))
            {
                return current;
            }
        }

        return a.OwnerDocument.DocumentNode;
    }
}
