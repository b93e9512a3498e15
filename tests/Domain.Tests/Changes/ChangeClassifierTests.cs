using System.Text.Json;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Changes;

public sealed class ChangeClassifierTests
{
    private static readonly SnapshotFacts Baseline = new("html", "Press statement", "https://example.org/press/1", "aaa");

    private static readonly TextComparison TextChanged = TextComparer.Compare("the border closed", "the border reopened");

    [Fact]
    public void NothingDiffers_IsNoChange() =>
        Assert.Null(ChangeClassifier.Classify(Baseline, Baseline with { }, null));

    [Fact]
    public void DifferentText_IsContent() =>
        Assert.Equal(ChangeKind.Content, ChangeClassifier.Classify(Baseline, Baseline with { TextSha256 = "bbb" }, TextChanged));

    [Fact]
    public void DifferentHashWithoutAComparison_IsContent() =>
        Assert.Equal(ChangeKind.Content, ChangeClassifier.Classify(Baseline, Baseline with { TextSha256 = "bbb" }, null));

    [Fact]
    public void TextThatDiffersOnlyInWhitespace_IsNoChange() =>
        Assert.Null(ChangeClassifier.Classify(
            Baseline, Baseline with { TextSha256 = "bbb" }, TextComparer.Compare("the border closed", "the  border\nclosed")));

    [Fact]
    public void SameTextWithAnotherTitle_IsTitle() =>
        Assert.Equal(ChangeKind.Title, ChangeClassifier.Classify(Baseline, Baseline with { Title = "Statement (updated)" }, null));

    [Fact]
    public void TitleThatAppearsWhereThereWasNone_IsTitle() =>
        Assert.Equal(ChangeKind.Title, ChangeClassifier.Classify(Baseline with { Title = null }, Baseline, null));

    [Fact]
    public void MissingAndEmptyTitle_AreTheSame() =>
        Assert.Null(ChangeClassifier.Classify(Baseline with { Title = null }, Baseline with { Title = "" }, null));

    [Fact]
    public void SameTextAtAnotherFinalUrl_IsMoved() =>
        Assert.Equal(ChangeKind.Moved, ChangeClassifier.Classify(Baseline, Baseline with { FinalUrl = "https://example.org/archive/1" }, null));

    [Theory]
    [InlineData("http://example.org/press/1")]
    [InlineData("https://EXAMPLE.org/press/1?utm_source=feed#top")]
    public void SameSourceSpelledDifferently_IsNotAMove(string finalUrl) =>
        Assert.Null(ChangeClassifier.Classify(Baseline, Baseline with { FinalUrl = finalUrl }, null));

    [Fact]
    public void HtmlBecomingPdf_IsType() =>
        Assert.Equal(ChangeKind.Type, ChangeClassifier.Classify(Baseline, Baseline with { Kind = "pdf" }, null));

    [Fact]
    public void TypeWinsOverEverythingElse() =>
        Assert.Equal(ChangeKind.Type, ChangeClassifier.Classify(
            Baseline,
            new SnapshotFacts("pdf", "Other", "https://example.org/x.pdf", "bbb"),
            TextChanged));

    [Fact]
    public void ContentWinsOverTitleAndMove() =>
        Assert.Equal(ChangeKind.Content, ChangeClassifier.Classify(
            Baseline,
            Baseline with { Title = "Other", FinalUrl = "https://example.org/x", TextSha256 = "bbb" },
            TextChanged));

    [Fact]
    public void TitleWinsOverMove() =>
        Assert.Equal(ChangeKind.Title, ChangeClassifier.Classify(
            Baseline, Baseline with { Title = "Other", FinalUrl = "https://example.org/x" }, null));

    [Fact]
    public void WireNames_AreContentTitleMovedTypeAndQuote()
    {
        Assert.Equal(["content", "title", "moved", "type", "quote"], ChangeKindNames.All);
        foreach (var kind in Enum.GetValues<ChangeKind>())
        {
            Assert.Equal($"\"{kind.ToWireName()}\"", JsonSerializer.Serialize(kind));
            Assert.Equal(kind, ChangeKindNames.Parse(kind.ToWireName()));
        }

        Assert.False(ChangeKindNames.TryParse("Content", out _));
    }
}
