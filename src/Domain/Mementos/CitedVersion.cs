using System.Text.Json.Serialization;

namespace CitationMonitor.Domain.Mementos;

/// <summary>Why a Robust Link points at the version it points at.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VersionChoice>))]
public enum VersionChoice
{
    /// <summary>The capture asked for by its snapshot id.</summary>
    [JsonStringEnumMemberName("snapshot")] Snapshot,
    /// <summary>The capture closest to the date asked for.</summary>
    [JsonStringEnumMemberName("at")] At,
    /// <summary>Of the captures in which the cited passage was found, the one closest to when it was cited.</summary>
    [JsonStringEnumMemberName("passage")] Passage,
    /// <summary>The capture of a working page closest to when the source was cited (no capture held the passage, or none was quoted).</summary>
    [JsonStringEnumMemberName("closest")] Closest,
    /// <summary>The web archive's copy kept for the source: no capture of a working page.</summary>
    [JsonStringEnumMemberName("web-archive")] WebArchive,
    /// <summary>The newest capture, of a page that did not work: there was nothing else.</summary>
    [JsonStringEnumMemberName("newest")] Newest,
}

/// <summary>A capture a Robust Link may point at.</summary>
/// <param name="Memento">The capture, where it is served and when it was made.</param>
/// <param name="Working">Whether it is of the page itself (a check <c>ok</c>, or a web archive's capture), not of an error.</param>
/// <param name="PassageFound">Whether the cited passage was found in it.</param>
public sealed record VersionCandidate(Memento Memento, bool Working, bool PassageFound);

/// <summary>What a reader asked of a Robust Link: a capture by snapshot id, or by date; else the version that was cited.</summary>
/// <param name="SnapshotId">The capture wanted; it must be one of the candidates.</param>
/// <param name="At">The date wanted: the capture closest to it.</param>
/// <param name="CitedAt">When the source was cited (the access date, else the document's publication date); null: the first capture's date.</param>
public sealed record VersionRequest(long? SnapshotId = null, DateTimeOffset? At = null, DateTimeOffset? CitedAt = null);

/// <summary>
/// Chooses the version of a source a Robust Link points at, so that a reader of the citing document reaches the source as
/// it read when it was cited: in this order, the capture asked for by <see cref="VersionRequest.SnapshotId"/>; the one
/// closest to <see cref="VersionRequest.At"/>; among the captures in which the cited passage was found, the one closest to
/// when it was cited; the working capture closest to that date; the web archive's copy; and the newest capture only when
/// there is nothing else. A tie in time goes to the earlier capture (the state the source was already in).
/// </summary>
public static class CitedVersion
{
    /// <summary>The version and why; null when there is no version at all (or no candidate has the snapshot id asked for).</summary>
    public static (Memento Memento, VersionChoice By)? Choose(
        IReadOnlyList<VersionCandidate> candidates, Memento? archivedCopy, VersionRequest request)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(request);
        if (request.SnapshotId is { } snapshotId)
        {
            return candidates.FirstOrDefault(c => c.Memento.SnapshotId == snapshotId) is { } asked ? (asked.Memento, VersionChoice.Snapshot) : null;
        }

        var working = candidates.Where(c => c.Working).Select(c => c.Memento).ToList();
        if (archivedCopy is not null)
        {
            working.Add(archivedCopy);
        }

        if (request.At is { } at)
        {
            return Closest(working.Count > 0 ? working : candidates.Select(c => c.Memento), at) is { } near ? (near, VersionChoice.At) : null;
        }

        var citedAt = request.CitedAt ?? candidates.Select(c => c.Memento.Datetime).Order().Cast<DateTimeOffset?>().FirstOrDefault();
        if (citedAt is { } cited)
        {
            if (Closest(candidates.Where(c => c.PassageFound).Select(c => c.Memento), cited) is { } holding)
            {
                return (holding, VersionChoice.Passage);
            }

            if (Closest(working.Where(m => m != archivedCopy), cited) is { } closest)
            {
                return (closest, VersionChoice.Closest);
            }
        }

        if (archivedCopy is not null)
        {
            return (archivedCopy, VersionChoice.WebArchive);
        }

        return candidates.MaxBy(c => c.Memento.Datetime) is { } newest ? (newest.Memento, VersionChoice.Newest) : null;
    }

    private static Memento? Closest(IEnumerable<Memento> mementos, DateTimeOffset datetime) =>
        new MementoList(mementos).Closest(datetime);
}
