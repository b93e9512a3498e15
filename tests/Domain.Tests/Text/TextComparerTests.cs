using System.Text.Json;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class TextComparerTests
{
    [Fact]
    public void OneReplacedWordIsOneDeletionAndOneInsertion()
    {
        var comparison = TextComparer.Compare(
            "The State shall protect the rights of detainees.",
            "The State must protect the rights of detainees.");

        Assert.True(comparison.Changed);
        Assert.Equal(1, comparison.InsertedWords);
        Assert.Equal(1, comparison.DeletedWords);
        Assert.InRange(comparison.Similarity, 0.5, 0.99);
        Assert.Equal(
            [
                new DiffSegment(DiffType.Equal, "The State"),
                new DiffSegment(DiffType.Delete, "shall"),
                new DiffSegment(DiffType.Insert, "must"),
                new DiffSegment(DiffType.Equal, "protect the rights of detainees."),
            ],
            comparison.Diff);
    }

    [Fact]
    public void PunctuationStaysAttachedToItsWord()
    {
        var comparison = TextComparer.Compare("rights, freedoms", "rights. freedoms");

        Assert.Equal(1, comparison.DeletedWords);
        Assert.Equal(new DiffSegment(DiffType.Delete, "rights,"), comparison.Diff[0]);
        Assert.Equal(new DiffSegment(DiffType.Insert, "rights."), comparison.Diff[1]);
    }

    [Fact]
    public void IdenticalTextsAreUnchanged()
    {
        const string text = "Article 1\nAll human beings are born free and equal.";

        var comparison = TextComparer.Compare(text, text);

        Assert.False(comparison.Changed);
        Assert.Equal(1.0, comparison.Similarity);
        Assert.Equal(0, comparison.InsertedWords);
        Assert.Equal(0, comparison.DeletedWords);
        Assert.DoesNotContain(comparison.Diff, s => s.Type != DiffType.Equal);
    }

    [Fact]
    public void WhitespaceOnlyDifferencesAreNotChanges()
    {
        var comparison = TextComparer.Compare("Article 1\nAll  human beings", "  Article 1 All\n\nhuman\tbeings ");

        Assert.False(comparison.Changed);
        Assert.Equal(1.0, comparison.Similarity);
    }

    [Fact]
    public void ReindentedHtmlExtractsToTextThatComparesUnchanged()
    {
        var compact = ContentExtractor.Extract("<html><body><p>Everyone has the right to life.</p><p>Second.</p></body></html>"u8, "text/html");
        var indented = ContentExtractor.Extract(
            "<html>\n  <body>\n    <p>\n      Everyone has the\n      right to life.\n    </p>\n    <p>Second.</p>\n  </body>\n</html>"u8, "text/html");

        Assert.Equal(compact.Text, indented.Text);
        Assert.False(TextComparer.Compare(compact.Text, indented.Text).Changed);
    }

    [Fact]
    public void LongEqualRunsAreShortenedToContextAroundChanges()
    {
        var before = Words("a", 100);
        var middle = Words("m", 100);
        var after = Words("z", 100);
        var oldText = $"{before} old1 {middle} old2 {after}";
        var newText = $"{before} new1 {middle} new2 {after}";

        var comparison = TextComparer.Compare(oldText, newText, equalContextWords: 3);

        Assert.Equal(
            [
                new DiffSegment(DiffType.Equal, "… a98 a99 a100"),
                new DiffSegment(DiffType.Delete, "old1"),
                new DiffSegment(DiffType.Insert, "new1"),
                new DiffSegment(DiffType.Equal, "m1 m2 m3 … m98 m99 m100"),
                new DiffSegment(DiffType.Delete, "old2"),
                new DiffSegment(DiffType.Insert, "new2"),
                new DiffSegment(DiffType.Equal, "z1 z2 z3 …"),
            ],
            comparison.Diff);
        Assert.Equal(2, comparison.InsertedWords);
        Assert.Equal(2, comparison.DeletedWords);
    }

    [Fact]
    public void ShortEqualRunsAreKeptWhole()
    {
        var comparison = TextComparer.Compare("a b c x d e f", "a b c y d e f", equalContextWords: 3);

        Assert.Equal("a b c", comparison.Diff[0].Text);
        Assert.Equal("d e f", comparison.Diff[^1].Text);
    }

    [Fact]
    public void AdjacentChangesAreMergedIntoOneDeletionAndOneInsertion()
    {
        var comparison = TextComparer.Compare("keep one two three keep", "keep uno dos tres keep");

        Assert.Equal(
            [DiffType.Equal, DiffType.Delete, DiffType.Insert, DiffType.Equal],
            comparison.Diff.Select(s => s.Type));
        Assert.Equal("one two three", comparison.Diff[1].Text);
        Assert.Equal("uno dos tres", comparison.Diff[2].Text);
    }

    [Fact]
    public void EmptyAgainstTextIsAllInserted()
    {
        var comparison = TextComparer.Compare("", "Newly published text");

        Assert.True(comparison.Changed);
        Assert.Equal(0.0, comparison.Similarity);
        Assert.Equal(3, comparison.InsertedWords);
        Assert.Equal(0, comparison.DeletedWords);
        Assert.Equal([new DiffSegment(DiffType.Insert, "Newly published text")], comparison.Diff);
    }

    [Fact]
    public void TextAgainstEmptyIsAllDeleted()
    {
        var comparison = TextComparer.Compare("Withdrawn text", "");

        Assert.Equal(2, comparison.DeletedWords);
        Assert.Equal([new DiffSegment(DiffType.Delete, "Withdrawn text")], comparison.Diff);
    }

    [Fact]
    public void TwoEmptyTextsAreIdentical()
    {
        var comparison = TextComparer.Compare("", " \n ");

        Assert.False(comparison.Changed);
        Assert.Equal(1.0, comparison.Similarity);
    }

    [Fact]
    public void SimilarityCountsEqualWordsOfBothTexts()
    {
        // 3 equal words, old 4 words, new 4 words: 2 * 3 / 8.
        var comparison = TextComparer.Compare("a b c d", "a b c e");

        Assert.Equal(0.75, comparison.Similarity, 6);
    }

    [Fact]
    public void VeryLongTextsWithScatteredEditsStillGetAWordLevelDiff()
    {
        var sentences = Enumerable.Range(1, 20_000).Select(i => $"Sentence number {i} ends here.").ToList();
        var oldText = string.Join(' ', sentences);
        sentences[10] = "Sentence number eleven ends here.";
        sentences[19_990] = "A replaced sentence.";
        var newText = string.Join(' ', sentences);

        var comparison = TextComparer.Compare(oldText, newText, equalContextWords: 2);

        Assert.True(comparison.Changed);
        Assert.Equal(1 + 5, comparison.DeletedWords);
        Assert.Equal(1 + 3, comparison.InsertedWords);
        Assert.Contains(new DiffSegment(DiffType.Delete, "11"), comparison.Diff);
        Assert.Contains(new DiffSegment(DiffType.Insert, "eleven"), comparison.Diff);
    }

    [Fact]
    public void DiffTypesSerializeWithTheirContractNames()
    {
        var json = JsonSerializer.Serialize(new[] { DiffType.Equal, DiffType.Insert, DiffType.Delete });

        Assert.Equal("""["equal","insert","delete"]""", json);
    }

    private static string Words(string prefix, int count) =>
        string.Join(' ', Enumerable.Range(1, count).Select(i => $"{prefix}{i}"));
}
