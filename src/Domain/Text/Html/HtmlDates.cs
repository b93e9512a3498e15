using System.Globalization;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>Publication and modification dates that a page declares in its <c>&lt;meta&gt;</c> tags.</summary>
internal static class HtmlDates
{
    private static readonly string[] PublishedNames =
    [
        "article:published_time", "datepublished", "dc.date.issued", "dcterms.issued", "dc.date", "date", "pubdate",
    ];

    private static readonly string[] ModifiedNames =
    [
        "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified",
    ];

    public static (DateTimeOffset? Published, DateTimeOffset? Modified) Find(HtmlNode root)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in HtmlTree.FindAll(root, "meta"))
        {
            var key = (meta.GetAttributeValue("property", null) ?? meta.GetAttributeValue("name", null)
                ?? meta.GetAttributeValue("itemprop", null))?.Trim().ToLowerInvariant();
            var content = meta.GetAttributeValue("content", null);
            if (key is not null && content is not null)
            {
                values.TryAdd(key, HtmlEntity.DeEntitize(content).Trim());
            }
        }

        return (First(values, PublishedNames), First(values, ModifiedNames));
    }

    private static DateTimeOffset? First(Dictionary<string, string> values, string[] names)
    {
        foreach (var name in names)
        {
            if (values.TryGetValue(name, out var value)
                && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }
        }

        return null;
    }
}
