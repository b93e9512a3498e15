using System.Text;

namespace CitationMonitor.Domain.Mementos;

/// <summary>
/// Writes the links of a Memento TimeMap (RFC 7089 section 5, in the <c>application/link-format</c> of RFC 6690) and of
/// the <c>Link</c> headers of TimeGates and Mementos.
/// </summary>
public static class LinkFormat
{
    /// <summary>The TimeMap's content type.</summary>
    public const string ContentType = "application/link-format";

    /// <summary>One link: <c>&lt;uri&gt;; rel="…"</c> with the given attributes, values quoted.</summary>
    public static string Link(string uri, string rel, params (string Name, string Value)[] attributes)
    {
        var link = new StringBuilder().Append('<').Append(EscapeUri(uri)).Append(">; rel=\"").Append(rel).Append('"');
        foreach (var (name, value) in attributes)
        {
            link.Append("; ").Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
        }

        return link.ToString();
    }

    /// <summary>A memento's link, its relation naming it first and/or last of the list when it is.</summary>
    public static string MementoLink(Memento memento, MementoList list, string extraRel = "")
    {
        var rel = new StringBuilder();
        if (memento == list.First)
        {
            rel.Append("first ");
        }

        if (memento == list.Last)
        {
            rel.Append("last ");
        }

        if (extraRel.Length > 0)
        {
            rel.Append(extraRel).Append(' ');
        }

        rel.Append("memento");
        return Link(memento.Uri, rel.ToString(), ("datetime", MementoDatetime.ToHttpDate(memento.Datetime)));
    }

    /// <summary>
    /// The TimeMap body: the original resource, the TimeMap itself (with the span it covers), the TimeGate, and every
    /// memento in datetime order, the first and the last marked; one link per line, separated by commas.
    /// </summary>
    public static string TimeMap(string original, string timeMap, string timeGate, MementoList mementos)
    {
        var links = new List<string>(mementos.Count + 3)
        {
            Link(original, "original"),
            mementos.Count == 0
                ? Link(timeMap, "self", ("type", ContentType))
                : Link(timeMap, "self", ("type", ContentType),
                    ("from", MementoDatetime.ToHttpDate(mementos.First!.Datetime)),
                    ("until", MementoDatetime.ToHttpDate(mementos.Last!.Datetime))),
            Link(timeGate, "timegate"),
        };
        links.AddRange(mementos.Items.Select(m => MementoLink(m, mementos)));
        return string.Join(",\n", links) + "\n";
    }

    /// <summary>
    /// A URI as a link target: characters that would end it (<c>&gt;</c>) or break the header (controls, spaces)
    /// percent-encoded; everything else as it is.
    /// </summary>
    private static string EscapeUri(string uri)
    {
        if (!uri.Any(c => c is '>' or '<' or ' ' or '"' || char.IsControl(c)))
        {
            return uri;
        }

        var escaped = new StringBuilder(uri.Length + 8);
        foreach (var c in uri)
        {
            if (c is '>' or '<' or ' ' or '"' || char.IsControl(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
