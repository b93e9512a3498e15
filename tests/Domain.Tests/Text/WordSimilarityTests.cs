using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class WordSimilarityTests
{
    [Theory]
    [InlineData(13, 15, 15, 0.8667)]
    [InlineData(3, 4, 4, 0.75)]
    [InlineData(9, 10, 9, 0.9474)]
    [InlineData(0, 5, 0, 0)]
    [InlineData(0, 0, 0, 1)]
    public void Similarity_IsTwiceTheSharedWordsOverBothTexts(int shared, int one, int other, double expected) =>
        Assert.Equal(expected, Math.Round(WordSimilarity.Of(shared, one, other), 4));

    [Fact]
    public void LostWordAndGainedWord_AreAsFar() =>
        Assert.Equal(WordSimilarity.Of(9, 10, 9), WordSimilarity.Of(9, 9, 10));

    [Theory]
    [InlineData(0.8667, 87)]
    [InlineData(0.865, 87)]
    [InlineData(0.125, 13)]
    [InlineData(1, 100)]
    [InlineData(0, 0)]
    public void Percent_RoundsHalfAwayFromZero(double similarity, int percent) => Assert.Equal(percent, WordSimilarity.Percent(similarity));

    [Fact]
    public void TextComparison_GivesTheSameSimilarity()
    {
        var comparison = TextComparer.Compare("The State shall protect the rights of detainees.", "The State must protect the rights of all detainees.");

        Assert.Equal(WordSimilarity.Of(7, 8, 9), comparison.Similarity);
    }
}
