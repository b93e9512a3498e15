using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Changes;

public sealed class DiffPageTests
{
    private static readonly DateTimeOffset Detected = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void ChangedWords_AreDeletedOnTheLeftAndInsertedOnTheRight()
    {
        var page = Render("The ministry closed the border crossing on Friday.", "The ministry reopened the border crossing on Monday.");

        var rows = Html.All(page, "//table[@class='diff']/tbody/tr");
        var row = Assert.Single(rows);
        Assert.Equal(["num", "old", "num", "new"], row.Elements("td").Select(td => td.GetAttributeValue("class", "")));
        Assert.Equal(["closed", "Friday."], Html.All(page, "//td[@class='old']/del").Select(d => d.InnerText));
        Assert.Equal(["reopened", "Monday."], Html.All(page, "//td[@class='new']/ins").Select(i => i.InnerText));
        Assert.Null(page.SelectSingleNode("//td[@class='old']/ins"));
        Assert.Null(page.SelectSingleNode("//td[@class='new']/del"));
        Assert.Equal("The ministry closed the border crossing on Friday.", HtmlEntity.DeEntitize(Html.One(page, "//td[@class='old']").InnerText));
    }

    [Fact]
    public void Lines_StayLinesAndAWholeNewLineIsInserted()
    {
        var page = Render("First paragraph.\nSecond paragraph.", "First paragraph.\nA new paragraph.\nSecond paragraph.");

        var rows = Html.All(page, "//table[@class='diff']/tbody/tr");
        Assert.Equal(3, rows.Count);
        Assert.Equal("A new paragraph.", Html.One(page, "//td[contains(@class,'new') and contains(@class,'inserted')]/ins").InnerText);
        Assert.NotNull(page.SelectSingleNode("//td[contains(@class,'old') and contains(@class,'empty')]"));
    }

    [Fact]
    public void LongUnchangedRuns_AreCollapsedAroundTheChange()
    {
        var before = Enumerable.Range(1, 40).Select(i => $"Line {i} stays.").ToList();
        var after = before.ToList();
        after[19] = "Line 20 was rewritten.";

        var page = Render(string.Join('\n', before), string.Join('\n', after));

        var skips = Html.All(page, "//tr[@class='skip']").Select(r => r.InnerText).ToList();
        Assert.Equal(["… 16 unchanged lines …", "… 17 unchanged lines …"], skips);
        var oldTexts = Html.All(page, "//td[starts-with(@class,'old')]").Select(td => td.InnerText).ToList();
        Assert.Equal(["Line 17 stays.", "Line 18 stays.", "Line 19 stays.", "Line 20 stays.", "Line 21 stays.", "Line 22 stays.", "Line 23 stays."], oldTexts);
    }

    [Fact]
    public void HostileText_IsEncodedNeverMarkup()
    {
        var page = RenderRaw(
            "Quote: <script>alert('x')</script> end.",
            "Quote: <script>alert('y')</script> \"><img src=x onerror=alert(1)> end.",
            title: "</title><script>alert(2)</script>");

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        var document = Parse(page);
        Assert.Null(document.SelectSingleNode("//script|//img"));
        Assert.Contains("<script>alert('x')</script>", HtmlEntity.DeEntitize(Html.One(document, "//td[@class='old']").InnerText), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_LinksTheSourceAndBothSnapshotsAndGivesTheNumbers()
    {
        var page = Render("a b c d", "a b x d");

        Assert.Equal("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", Html.One(page, "//a[@class='source']").GetAttributeValue("href", ""));
        var links = Html.All(page, "//table[@class='versions']//a").Select(a => a.GetAttributeValue("href", "")).ToList();
        Assert.Equal(["/api/snapshots/11/raw", "/api/snapshots/11/text", "/api/snapshots/12/raw", "/api/snapshots/12/text"], links);
        Assert.Equal("2026-03-02T09:30:00Z", Html.One(page, "//dl//time").GetAttributeValue("datetime", ""));
        Assert.Equal("1 inserted, 1 deleted", Html.One(page, "//dd[@class='words']").InnerText);
        Assert.StartsWith("0.75", Html.One(page, "//dd[@class='similarity']").InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void TitleChange_MarksBothTitlesAndSaysTheTextIsTheSame()
    {
        var model = Model("Same words.", "Same words.", ChangeKind.Title) with { };
        model = model with { New = model.New with { Title = "Statement (corrected)" } };

        var page = Parse(DiffPage.Render(model));

        Assert.Equal("Statement", Html.One(page, "//tr[@class='title']//del").InnerText);
        Assert.Equal("Statement (corrected)", Html.One(page, "//tr[@class='title']//ins").InnerText);
        Assert.Null(page.SelectSingleNode("//table[@class='diff']"));
        Assert.NotNull(page.SelectSingleNode("//p[@class='same']"));
        Assert.Equal("title", Html.One(page, "//dd[@class='kind']").InnerText);
    }

    [Fact]
    public void SourceThatIsNotHttp_IsNotALink()
    {
        var model = Model("a", "b", ChangeKind.Content);
        model = model with { Change = model.Change with { Url = "javascript:alert(1)" } };

        var page = Parse(DiffPage.Render(model));

        Assert.Null(page.SelectSingleNode("//a[@class='source']"));
    }

    [Fact]
    public void DiffPageOfAQuoteChange_ShowsThePassageAndTheClosestTextAsWrittenWithTheReplacedWordsMarked()
    {
        const string cited = "“Migrants must be brought before a Judge within 72 hours”";
        const string found = "MIGRANTS must be brought before a Judge, within 30 Days";

        var page = Parse(DiffPage.Render(QuoteModel(cited, found)));

        var passage = Html.One(page, "//section[@class='passage']");
        Assert.Equal(cited, HtmlEntity.DeEntitize(Html.One(passage, ".//td[@class='old']").InnerText));
        Assert.Equal(found, HtmlEntity.DeEntitize(Html.One(passage, ".//td[@class='new']").InnerText));
        Assert.Equal(["72 hours”"], Html.All(passage, ".//td[@class='old']/del").Select(d => HtmlEntity.DeEntitize(d.InnerText)));
        Assert.Equal(["30 Days"], Html.All(passage, ".//td[@class='new']/ins").Select(i => i.InnerText));
        Assert.Null(passage.SelectSingleNode(".//td[@class='old']/ins|.//td[@class='new']/del"));
    }

    [Fact]
    public void DiffPageOfAQuoteChange_GivesTheSimilarityOfTheChangeInPercent()
    {
        var model = QuoteModel("the northern border will close within 72 hours", "the northern border will close within 30 days");

        var page = Parse(DiffPage.Render(model));

        Assert.Equal(0.75, model.Change.Similarity);
        Assert.Equal("0.75 (75% of the words are the same)", Html.One(page, "//dd[@class='similarity']").InnerText);
    }

    [Fact]
    public void DiffPageOfAQuoteChange_WithThePassageGone_ShowsItAsCited()
    {
        var model = QuoteModel("Migrants must be brought before a Judge within 72 hours", null);

        var page = Parse(DiffPage.Render(model));

        Assert.Equal(
            "Migrants must be brought before a Judge within 72 hours",
            Html.One(page, "//section[@class='passage']/blockquote").InnerText);
        Assert.Equal("0 (0% of the words are the same)", Html.One(page, "//dd[@class='similarity']").InnerText);
    }

    private static DiffPageModel QuoteModel(string cited, string? found)
    {
        const string text = "The commission published its report.";
        var comparison = QuoteDiffs.Compare(cited, found ?? "");
        var model = Model(text, text, ChangeKind.Quote);
        return model with
        {
            Change = model.Change with
            {
                Similarity = comparison.Similarity,
                InsertedWords = comparison.InsertedWords,
                DeletedWords = comparison.DeletedWords,
                Diff = comparison.Diff,
            },
            Passage = new DiffPagePassage(cited, found),
        };
    }

    private static HtmlNode Render(string before, string after) => Parse(RenderRaw(before, after));

    private static string RenderRaw(string before, string after, string title = "Statement")
    {
        var model = Model(before, after, ChangeKind.Content);
        return DiffPage.Render(model with { Old = model.Old with { Title = title }, New = model.New with { Title = title } });
    }

    private static DiffPageModel Model(string before, string after, ChangeKind kind)
    {
        var comparison = TextComparer.Compare(before, after);
        var change = new ChangeResponse(
            7, 3, "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", Detected, kind, 11, 12,
            comparison.Similarity, comparison.InsertedWords, comparison.DeletedWords, comparison.Diff);
        return new DiffPageModel(
            change,
            new DiffPageSide(11, Detected.AddDays(-1), "html", "Statement", "https://www.oas.org/a", before),
            new DiffPageSide(12, Detected, "html", "Statement", "https://www.oas.org/a", after));
    }

    private static HtmlNode Parse(string html)
    {
        var document = new HtmlDocument();
        document.LoadHtml(html);
        return document.DocumentNode;
    }
}
