using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Changes;

/// <summary>What change detection compares of one snapshot.</summary>
/// <param name="Kind">The content kind, one of <see cref="ContentKinds"/>.</param>
/// <param name="Title">The extracted title, if any.</param>
/// <param name="FinalUrl">The URL the body was finally served from, after redirects; compared as a source, so the
/// <c>http</c> and <c>https</c> spellings and tracking parameters do not count.</param>
/// <param name="TextSha256">The SHA-256 of the extracted text.</param>
public sealed record SnapshotFacts(string Kind, string? Title, string FinalUrl, string TextSha256);

/// <summary>Decides whether two successive good snapshots differ in a way worth recording, and how.</summary>
public static class ChangeClassifier
{
    /// <summary>
    /// The kind of change from <paramref name="previous"/> to <paramref name="current"/>, or <see langword="null"/>
    /// when nothing a reader would care about changed. When several things changed, the most telling one wins:
    /// <see cref="ChangeKind.Type"/>, then <see cref="ChangeKind.Content"/>, then <see cref="ChangeKind.Title"/>,
    /// then <see cref="ChangeKind.Moved"/>.
    /// </summary>
    /// <param name="previous">The baseline: the last snapshot of an <c>ok</c> check.</param>
    /// <param name="current">The new snapshot.</param>
    /// <param name="comparison">
    /// The word comparison of the two texts, when their hashes differ. It decides whether the text changed, so a
    /// difference in whitespace alone is no content change; without it, differing hashes count as a change.
    /// </param>
    public static ChangeKind? Classify(SnapshotFacts previous, SnapshotFacts current, TextComparison? comparison)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);

        if (!string.Equals(previous.Kind, current.Kind, StringComparison.Ordinal))
        {
            return ChangeKind.Type;
        }

        var textChanged = comparison?.Changed
            ?? !string.Equals(previous.TextSha256, current.TextSha256, StringComparison.OrdinalIgnoreCase);
        if (textChanged)
        {
            return ChangeKind.Content;
        }

        // A missing title and an empty one are the same thing to a reader.
        if (!string.Equals(previous.Title ?? "", current.Title ?? "", StringComparison.Ordinal))
        {
            return ChangeKind.Title;
        }

        if (!SameSource(previous.FinalUrl, current.FinalUrl))
        {
            return ChangeKind.Moved;
        }

        return null;
    }

    /// <summary>
    /// Compares final URLs as sources (<see cref="NormalizedUrl.Key"/>), so that a move to https, a new tracking
    /// parameter or a fragment is not reported as a move.
    /// </summary>
    private static bool SameSource(string previous, string current) =>
        string.Equals(previous, current, StringComparison.Ordinal)
        || (UrlNormalizer.TryNormalize(previous, out var a, out _) && UrlNormalizer.TryNormalize(current, out var b, out _)
            && string.Equals(a.Key, b.Key, StringComparison.Ordinal));
}
