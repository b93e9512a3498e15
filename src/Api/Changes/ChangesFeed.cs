using System.Globalization;
using System.Text;
using System.Xml;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Notifications;

namespace CitationMonitor.Api.Changes;

/// <summary>One entry of the feed: a change or a health transition.</summary>
internal sealed record FeedEntry(string Id, string Title, DateTimeOffset Updated, string Link, string Summary, IReadOnlyList<string> Categories);

/// <summary>
/// The Atom 1.0 feed of <c>GET /api/changes.atom</c>: recent changes (linking to their diff page) and health transitions
/// (linking to the citation), newest first. Written with <see cref="XmlWriter"/>, so every value is escaped by it; every
/// link is absolute, at the monitor's own address (<see cref="Http.SelfLinks"/>), because feed readers resolve nothing.
/// </summary>
internal static class ChangesFeed
{
    public const string ContentType = "application/atom+xml; charset=utf-8";
    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    public static FeedEntry FromChange(ChangeRow change, string baseUrl)
    {
        var kind = change.Kind.ToWireName();
        if (change.Kind == ChangeKind.Quote && change.ToQuoteStatus is { } to)
        {
            var whose = change.DocumentId is { } document ? Invariant($"quoted by document {document}") : "watched";
            return new FeedEntry(
                Invariant($"{baseUrl}/api/changes/{change.Id}"),
                Invariant($"Cited passage {to.ToWireName()}: {change.Url}"),
                change.DetectedAt,
                Invariant($"{baseUrl}/api/changes/{change.Id}/diff.html"),
                Invariant($"The passage {whose} from {change.Url} went from {change.FromQuoteStatus?.ToWireName() ?? "unknown"} to {to.ToWireName()}: {change.InsertedWords} {(change.InsertedWords == 1 ? "word" : "words")} inserted, {change.DeletedWords} deleted."),
                ["change", kind, "quote-" + to.ToWireName()]);
        }

        return new FeedEntry(
            Invariant($"{baseUrl}/api/changes/{change.Id}"),
            Invariant($"Source changed ({kind}): {change.Url}"),
            change.DetectedAt,
            Invariant($"{baseUrl}/api/changes/{change.Id}/diff.html"),
            Invariant($"A {kind} change of {change.Url}: {change.InsertedWords} {(change.InsertedWords == 1 ? "word" : "words")} inserted, {change.DeletedWords} deleted, similarity {change.Similarity:0.####}."),
            ["change", kind]);
    }

    public static FeedEntry FromTransition(HealthTransitionRow transition, string baseUrl)
    {
        var to = transition.ToHealth.ToWireName();
        var verb = WebhookEvents.ForTransition(transition.FromHealth, transition.ToHealth) ?? to;
        return new FeedEntry(
            Invariant($"{baseUrl}/api/citations/{transition.CitationId}/health#{transition.Id}"),
            Invariant($"Source {verb}: {transition.Url}"),
            transition.At,
            Invariant($"{baseUrl}/api/citations/{transition.CitationId}"),
            Invariant($"The health of {transition.Url} went from {transition.FromHealth.ToWireName()} to {to}."),
            ["health", to]);
    }

    public static byte[] Write(string feedId, string title, string selfUrl, DateTimeOffset now, IReadOnlyList<FeedEntry> entries)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("feed", AtomNamespace);
            xml.WriteElementString("id", AtomNamespace, feedId);
            xml.WriteElementString("title", AtomNamespace, title);
            xml.WriteElementString("updated", AtomNamespace, Time(entries.Count > 0 ? entries[0].Updated : now));
            WriteLink(xml, "self", selfUrl, "application/atom+xml");
            xml.WriteStartElement("author", AtomNamespace);
            xml.WriteElementString("name", AtomNamespace, "Citation monitor");
            xml.WriteEndElement();
            xml.WriteElementString("generator", AtomNamespace, "Citation monitor");

            foreach (var entry in entries)
            {
                xml.WriteStartElement("entry", AtomNamespace);
                xml.WriteElementString("id", AtomNamespace, entry.Id);
                xml.WriteElementString("title", AtomNamespace, entry.Title);
                xml.WriteElementString("updated", AtomNamespace, Time(entry.Updated));
                WriteLink(xml, "alternate", entry.Link, null);
                foreach (var category in entry.Categories)
                {
                    xml.WriteStartElement("category", AtomNamespace);
                    xml.WriteAttributeString("term", category);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("summary", AtomNamespace);
                xml.WriteAttributeString("type", "text");
                xml.WriteString(entry.Summary);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteLink(XmlWriter xml, string rel, string href, string? type)
    {
        xml.WriteStartElement("link", AtomNamespace);
        xml.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            xml.WriteAttributeString("type", type);
        }

        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>RFC 3339, as Atom wants it.</summary>
    private static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
