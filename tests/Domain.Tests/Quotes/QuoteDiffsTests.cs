using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Quotes;

public sealed class QuoteDiffsTests
{
    private const string Passage = "Migrants must be brought before a Judge within 72 hours";

    [Fact]
    public void ReplacedLastWords_AreDeletedAndInsertedInTheirOriginalCase()
    {
        var match = QuoteMatcher.Find(Passage, "The law says that Migrants must be brought before a Judge within 30 Days of their arrest.");

        var comparison = QuoteDiffs.Compare(Passage, match);

        Assert.Equal(
            [
                new DiffSegment(DiffType.Equal, "Migrants must be brought before a Judge within"),
                new DiffSegment(DiffType.Delete, "72 hours"),
                new DiffSegment(DiffType.Insert, "30 Days"),
            ],
            comparison.Diff);
        Assert.Equal(2, comparison.InsertedWords);
        Assert.Equal(2, comparison.DeletedWords);
    }

    [Theory]
    [InlineData("The law says that Migrants must be brought before a Judge within 30 days of their arrest.")]
    [InlineData("Ministry officials said migrants must be brought before a court within 72 hours.")]
    [InlineData("MIGRANTS MUST, AS A RULE, BE BROUGHT BEFORE A JUDGE WITHIN 72 HOURS.")]
    [InlineData("Migrants must be brought before a judge.")]
    public void SimilarityOfTheChange_IsTheSimilarityOfTheMatch(string source)
    {
        var match = QuoteMatcher.Find(Passage, source);

        var comparison = QuoteDiffs.Compare(Passage, match);

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.Equal(match.Similarity, Math.Round(comparison.Similarity, 4));
        Assert.Equal(
            WordSimilarity.Of(Passage.Split(' ').Length - comparison.DeletedWords, Passage.Split(' ').Length, match.Match!.Split(' ').Length),
            comparison.Similarity);
    }

    [Fact]
    public void DifferencesMatchingIgnores_AreNoChange()
    {
        var comparison = QuoteDiffs.Compare("«la Comision senalo que la situacion es grave»", "La Comisión señaló que la situación es grave.");

        Assert.False(comparison.Changed);
        Assert.Equal(1, comparison.Similarity);
    }

    [Fact]
    public void MissingPassage_IsDeletedWholeAsQuoted()
    {
        var comparison = QuoteDiffs.Compare(Passage, new QuoteMatch(QuoteStatus.Missing, null, null));

        Assert.Equal([new DiffSegment(DiffType.Delete, Passage)], comparison.Diff);
        Assert.Equal(0, comparison.Similarity);
    }

    [Fact]
    public void FoundPassage_IsNoChange()
    {
        var comparison = QuoteDiffs.Compare(Passage, new QuoteMatch(QuoteStatus.Found, 1, null));

        Assert.False(comparison.Changed);
        Assert.Equal(1, comparison.Similarity);
    }

    [Fact]
    public void SideBySide_ShowsBothTextsWholeAsWritten()
    {
        var sides = QuoteDiffs.SideBySide(
            "“the Ministry closed the border — for now — on Friday”",
            "THE MINISTRY REOPENED THE BORDER — FOR NOW — ON FRIDAY, at last.");

        Assert.Equal(
            [
                new DiffSegment(DiffType.Equal, "“the Ministry"),
                new DiffSegment(DiffType.Delete, "closed"),
                new DiffSegment(DiffType.Equal, "the border — for now — on Friday”"),
            ],
            sides.Cited);
        Assert.Equal(
            [
                new DiffSegment(DiffType.Equal, "THE MINISTRY"),
                new DiffSegment(DiffType.Insert, "REOPENED"),
                new DiffSegment(DiffType.Equal, "THE BORDER — FOR NOW — ON FRIDAY,"),
                new DiffSegment(DiffType.Insert, "at last."),
            ],
            sides.Found);
    }

    [Fact]
    public void LoneQuoteMarks_StayWithTheirWords()
    {
        var sides = QuoteDiffs.SideBySide("\" the border is closed \"", "the border is open");

        Assert.Equal("\" the border is", sides.Cited[0].Text);
        Assert.Equal(new DiffSegment(DiffType.Delete, "closed \""), sides.Cited[1]);
    }
}
