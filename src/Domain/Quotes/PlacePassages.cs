using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>
/// The rules of cited passages kept per place (one document citing one source): what a source's own passage status
/// says of all its places, and when a place's passage changed enough to be told as a change of kind <c>quote</c>.
/// </summary>
public static class PlacePassages
{
    /// <summary>
    /// The status that speaks for all of a source's places: the worst of them, in the order missing, altered, found, none.
    /// A passage not looked for yet (null) outranks only none: while one is pending and none is missing or altered, the
    /// answer is not known (null).
    /// </summary>
    public static QuoteStatus? Worst(IEnumerable<(string? Quote, QuoteStatus? Status)> places)
    {
        ArgumentNullException.ThrowIfNull(places);
        var quoted = places.Where(p => p.Quote is not null).ToList();
        if (quoted.Count == 0)
        {
            return QuoteStatus.None;
        }

        foreach (var status in new[] { QuoteStatus.Missing, QuoteStatus.Altered })
        {
            if (quoted.Any(p => p.Status == status))
            {
                return status;
            }
        }

        return quoted.Any(p => p.Status is null) ? null : QuoteStatus.Found;
    }

    /// <summary>
    /// The change a place's passage went through between two looks, when its status moved between found, altered and
    /// missing (in any direction): the words the source held for the passage before and the words it holds now, each as
    /// written (the passage itself when found, the closest text when altered, nothing when missing). Null for no such
    /// move: the first look, a status that stayed, or a passage that is none.
    /// </summary>
    public static TextComparison? Transition(string passage, QuoteStatus? before, string? matchBefore, QuoteMatch now)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(now);
        if (before is not (QuoteStatus.Found or QuoteStatus.Altered or QuoteStatus.Missing)
            || now.Status is not (QuoteStatus.Found or QuoteStatus.Altered or QuoteStatus.Missing)
            || before == now.Status)
        {
            return null;
        }

        return QuoteDiffs.Compare(Held(passage, before.Value, matchBefore), Held(passage, now.Status, now.Match));
    }

    /// <summary>What the source holds for the passage: the passage when found, its closest text when altered, nothing when missing.</summary>
    private static string Held(string passage, QuoteStatus status, string? match) => status switch
    {
        QuoteStatus.Found => passage,
        QuoteStatus.Altered => match ?? "",
        _ => "",
    };
}
