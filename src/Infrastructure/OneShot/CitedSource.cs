using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// One source a document cites, its occurrences merged as a document's place merges them: the URL as first cited,
/// its normal form, the context of its first occurrence and how often it is cited; <see cref="Self"/> for the page
/// checked at its own address.
/// </summary>
internal sealed record CitedSource(string Url, NormalizedUrl Normalized, string? Context, int Occurrences, bool Self)
{
    public const string SelfContext = "The document itself";

    /// <summary>The distinct sources of <paramref name="citations"/>, in citing order.</summary>
    public static IReadOnlyList<CitedSource> Of(IEnumerable<CitedUrl> citations) =>
    [
        .. citations
            .GroupBy(c => c.Normalized.Key, StringComparer.Ordinal)
            .Select(g => new CitedSource(g.First().Url, g.First().Normalized, g.First().Context, g.Count(), Self: false)),
    ];

    /// <summary>The document's own address, as one of its sources.</summary>
    public static CitedSource ItSelf(string url, NormalizedUrl normalized) => new(url, normalized, SelfContext, 1, Self: true);
}
