using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// A body received by a check, with what was extracted from it and the stamp of that extraction
/// (<see cref="ExtractionStamp"/>). <see cref="NewBody"/> and <see cref="NewText"/> are the compressed forms of content
/// not stored yet (null when it is), prepared before the write transaction so that compression never holds the
/// database's write lock.
/// </summary>
internal sealed record Capture(
    byte[] Bytes, string Sha256, ExtractedContent Content, string TextSha256, bool Truncated, Compressed? NewBody, Compressed? NewText,
    string Extraction);

/// <summary>
/// What a check found of one place's passage, the status it moved from (the place's last verdict, made again on the
/// baseline's text when a newer extraction read that text again), and, when its status moved between found, altered and
/// missing, the change of kind <c>quote</c> to record for that place (see <see cref="PlacePassages.Transition"/>).
/// </summary>
internal sealed record PassageLook(PlaceRow Place, QuoteStatus? Before, QuoteMatch Match, TextComparison? Change);

/// <summary>Everything one check produces, written in one unit of work by <see cref="CheckRecorder"/>.</summary>
internal sealed record CheckOutcome(
    long CitationId,
    FetchResult Fetch,
    Capture? Capture,
    long? BaselineSnapshotId,
    TextComparison? Comparison,
    CitationHealth Health,
    int ConsecutiveFailures,
    DateTimeOffset? FirstFailureAt,
    DateTimeOffset NextCheckAt,
    DateTimeOffset RecordedAt,
    string LeaseOwner)
{
    /// <summary>
    /// The change to record against the baseline, if any (see <see cref="ChangeClassifier"/>). <see cref="Comparison"/>
    /// alone says whether the text changed, which is what the check's <c>content_changed</c> keeps meaning.
    /// </summary>
    public ChangeKind? ChangeKind { get; init; }

    /// <summary>The citation's own check interval when the check began, in seconds (null: the configured one): <see cref="NextCheckAt"/> follows it.</summary>
    public long? IntervalSeconds { get; init; }

    /// <summary>The capture's text differed from the baseline but could not be confirmed by a second fetch.</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>What the check found of each place's passage; empty when it could not look (or no place quotes one).</summary>
    public IReadOnlyList<PassageLook> Passages { get; init; } = [];

    /// <summary>
    /// The passage that speaks for the source on the check's own record: the first with the worst status (see
    /// <see cref="PlacePassages.Worst"/>); null when the check could not look.
    /// </summary>
    public QuoteMatch? Quote { get; init; }

    /// <summary>The text changed against a baseline: the check's <c>content_changed</c>.</summary>
    public bool ContentChanged => Comparison is { Changed: true } && BaselineSnapshotId is not null;
}
