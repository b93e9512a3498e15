using CitationMonitor.Domain.Mementos;
using CitationMonitor.Infrastructure.Mementos;

namespace CitationMonitor.Api.Mementos;

/// <summary>The URLs of one source's original, TimeGate, TimeMap and mementos on this monitor.</summary>
internal sealed record MementoLinks(string BaseUrl, string Original)
{
    public string TimeMap => $"{BaseUrl}/timemap/link/{Original}";

    public string TimeGate => $"{BaseUrl}/timegate/{Original}";

    public string Memento(DateTimeOffset capturedAt) => $"{BaseUrl}/memento/{MementoDatetime.ToDigits(capturedAt)}/{Original}";

    public IEnumerable<string> OriginalAndTimeMap()
    {
        yield return LinkFormat.Link(Original, "original");
        yield return LinkFormat.Link(TimeMap, "timemap", ("type", LinkFormat.ContentType));
    }

    public IEnumerable<string> OriginalTimeGateAndTimeMap()
    {
        yield return LinkFormat.Link(Original, "original");
        yield return LinkFormat.Link(TimeGate, "timegate");
        yield return LinkFormat.Link(TimeMap, "timemap", ("type", LinkFormat.ContentType));
    }

    /// <summary>
    /// The links of a memento and of its first, previous, next and last mementos: one link per memento, its relation
    /// naming every role it plays (e.g. <c>first prev memento</c>), in datetime order.
    /// </summary>
    public IEnumerable<string> Neighbours(Memento memento, MementoList mementos)
    {
        var previous = mementos.Previous(memento);
        var next = mementos.Next(memento);
        return new[] { mementos.First, previous, memento, next, mementos.Last }
            .OfType<Memento>()
            .Distinct()
            .OrderBy(m => m.Datetime)
            .Select(m => LinkFormat.MementoLink(m, mementos, m == previous ? "prev" : m == next ? "next" : ""));
    }
}

internal static class MementoMapping
{
    /// <summary>
    /// A source's mementos: each snapshot the monitor took, served here; each web archive capture the monitor knows
    /// (the one kept on the citation, and those fetched as a baseline), at the archive.
    /// </summary>
    public static MementoList ToMementos(MementoLinks links, MementoSourceRow source, IEnumerable<MementoCaptureRow> captures)
    {
        var mementos = new List<Memento>();
        foreach (var capture in captures)
        {
            if (capture.Origin == "web-archive")
            {
                if (capture.ArchiveUrl is { } archiveUrl && capture.ArchiveDatetime is { } archivedAt)
                {
                    mementos.Add(new Memento(archivedAt, archiveUrl, null));
                }

                continue;
            }

            var capturedAt = capture.CapturedAt;
            mementos.Add(new Memento(capturedAt, links.Memento(capturedAt), capture.Id));
        }

        if (source.ArchivedUrl is { } url && source.ArchivedAt is { } at)
        {
            mementos.Add(new Memento(at, url, null));
        }

        return new MementoList(mementos);
    }
}
