namespace CitationMonitor.Domain.Text;

/// <summary>
/// How alike two texts are, word for word: the one similarity the monitor gives, whether for a change of a source's
/// text, for a cited passage against the closest text its source holds (a citation's <c>quoteSimilarity</c> and the
/// similarity of its change of kind quote), or as a percentage on a page.
/// </summary>
public static class WordSimilarity
{
    /// <summary>
    /// 2 × the words both texts share, in order (the equal words of their word diff), ÷ (the words of the one + the
    /// words of the other): 1 for the same words, 0 for none in common, 1 when both are empty. A word only in one text
    /// costs as much as a word only in the other: a passage that lost a word and one that gained a word are as far
    /// from it.
    /// </summary>
    /// <param name="sharedWords">Words in both texts, in the same order.</param>
    /// <param name="oneWords">Words of the one text.</param>
    /// <param name="otherWords">Words of the other text.</param>
    public static double Of(int sharedWords, int oneWords, int otherWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sharedWords);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sharedWords, Math.Min(oneWords, otherWords));
        var total = oneWords + otherWords;
        return total == 0 ? 1.0 : 2.0 * sharedWords / total;
    }

    /// <summary>A similarity in whole percent, as pages and sentences give it: rounded half away from zero.</summary>
    public static int Percent(double similarity) => (int)Math.Round(similarity * 100, MidpointRounding.AwayFromZero);
}
