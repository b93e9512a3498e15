using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// A body received by a check, with what was extracted from it. <see cref="NewBody"/> and <see cref="NewText"/>
/// are the compressed forms of content not stored yet (null when it is), prepared before the write transaction
/// so that compression never holds the database's write lock.
/// </summary>
internal sealed record Capture(
    byte[] Bytes, string Sha256, ExtractedContent Content, string TextSha256, bool Truncated, Compressed? NewBody, Compressed? NewText);

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

    /// <summary>The capture's text differed from the baseline but could not be confirmed by a second fetch.</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>Whether the citation's passage is still in the source; null when the check could not look.</summary>
    public QuoteMatch? Quote { get; init; }

    /// <summary>
    /// The passage went from found to altered or missing: a change of kind <c>quote</c> whose diff turns the cited
    /// passage into what the source says now.
    /// </summary>
    public TextComparison? QuoteLoss { get; init; }

    /// <summary>The text changed against a baseline: the check's <c>content_changed</c>.</summary>
    public bool ContentChanged => Comparison is { Changed: true } && BaselineSnapshotId is not null;
}
