using System.Xml.XPath;

namespace CitationMonitor.Domain.Text;

/// <summary>Per-host adjustments to HTML extraction, such as page parts known to change on every visit.</summary>
/// <param name="IgnoreSelectors">
/// Elements to remove before the text is extracted. Each entry is an XPath 1.0 expression when it starts with
/// <c>/</c> or <c>(</c>, otherwise a CSS selector in the subset <see cref="CssSelector.ToXPath"/> accepts.
/// </param>
public sealed record ExtractionRules(IReadOnlyList<string> IgnoreSelectors)
{
    /// <summary>No adjustments.</summary>
    public static ExtractionRules None { get; } = new([]);

    /// <summary>
    /// The XPath expression of every ignore selector, in order. Call it when configuration is loaded: an invalid
    /// selector throws there, naming the selector, instead of silently matching nothing on every check.
    /// </summary>
    /// <exception cref="ArgumentException">A selector is empty, not valid XPath, or outside the CSS subset.</exception>
    public IReadOnlyList<string> ToXPaths()
    {
        ArgumentNullException.ThrowIfNull(IgnoreSelectors);
        return [.. IgnoreSelectors.Select(SelectorToXPath)];
    }

    /// <summary>Translates one ignore selector (XPath or CSS subset) to a validated XPath expression.</summary>
    /// <param name="selector">An XPath expression starting with <c>/</c> or <c>(</c>, or a CSS selector.</param>
    /// <exception cref="ArgumentException">The selector is empty, not valid XPath, or outside the CSS subset.</exception>
    public static string SelectorToXPath(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            throw new ArgumentException("An ignore selector is empty.", nameof(selector));
        }

        var trimmed = selector.Trim();
        if (trimmed[0] is not ('/' or '('))
        {
            return CssSelector.ToXPath(trimmed);
        }

        try
        {
            XPathExpression.Compile(trimmed);
        }
        catch (XPathException exception)
        {
            throw new ArgumentException($"Ignore selector '{selector}' is not a valid XPath expression: {exception.Message}", nameof(selector), exception);
        }

        return trimmed;
    }
}
