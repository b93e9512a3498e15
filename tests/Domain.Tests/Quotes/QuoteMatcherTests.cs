using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Domain.Tests.Quotes;

public sealed class QuoteMatcherTests
{
    private const string Source =
        "La Comisión Interamericana expresa su preocupación por el uso de la fuerza.\n" +
        "Según el informe, \"la Guardia Nacional utilizó fuerza desproporcionada contra personas migrantes\" en enero.\n" +
        "La CIDH recuerda a los Estados su obligación de garantizar el derecho a solicitar asilo.";

    [Theory]
    [InlineData("la Guardia Nacional utilizó fuerza desproporcionada contra personas migrantes")]
    [InlineData("LA GUARDIA NACIONAL UTILIZO FUERZA DESPROPORCIONADA contra personas migrantes")]
    [InlineData("“la Guardia   Nacional utilizó\nfuerza desproporcionada contra personas migrantes”")]
    [InlineData("garantizar el derecho a solicitar asilo.")]
    public void Passage_WithOtherCaseAccentsSpacingOrQuoteMarks_IsFound(string quote)
    {
        var match = QuoteMatcher.Find(quote, Source);

        Assert.Equal(QuoteStatus.Found, match.Status);
        Assert.Equal(1, match.Similarity);
    }

    [Fact]
    public void EditedPassage_IsAlteredWithTheTextAsItReadsNow()
    {
        var match = QuoteMatcher.Find("la Guardia Nacional utilizó fuerza excesiva contra personas migrantes", Source);

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.InRange(match.Similarity!.Value, QuoteMatcher.AlteredThreshold, 0.99);
        Assert.Contains("desproporcionada", match.Match, StringComparison.Ordinal);
    }

    [Fact]
    public void EditedPassageEndingASentence_IsMatchedWholeDespiteThePunctuation()
    {
        var match = QuoteMatcher.Find("first report of the commission on borders", "It published the initial report of the commission on borders. Then it left.");

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.Equal("initial report of the commission on borders.", match.Match);
    }

    [Theory]
    [InlineData(
        "episodios de uso excesivo de la fuerza contra personas migrantes",
        "La Comisión documentó los episodios de uso de la fuerza contra personas migrantes. Al día siguiente publicó otro.",
        "episodios de uso de la fuerza contra personas migrantes.")]
    [InlineData(
        "uso de la fuerza contra personas migrantes en la frontera sur",
        "La Comisión documentó los episodios de uso de la fuerza contra personas migrantes. Al día siguiente publicó otro.",
        "uso de la fuerza contra personas migrantes.")]
    [InlineData(
        "documentó los episodios de uso de la fuerza",
        "La Comisión documentó los graves episodios de uso de la fuerza contra personas migrantes.",
        "documentó los graves episodios de uso de la fuerza")]
    public void EditedPassage_IsMatchedWithoutNeighbouringWords(string quote, string source, string expected)
    {
        var match = QuoteMatcher.Find(quote, source);

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.Equal(expected, match.Match);
    }

    [Theory]
    [InlineData( // the last words replaced: the closest text ends with the words in their place
        "the northern border will close within 72 hours",
        "The ministry said the northern border will close within 30 days of the decree.",
        "the northern border will close within 30 days")]
    [InlineData( // ...and with the sentence the passage ends
        "must notify the consulate within 72 hours.",
        "Authorities must notify the consulate within 30 days. Appeals take a week.",
        "must notify the consulate within 30 days.")]
    [InlineData( // the first words replaced
        "Ministry officials closed the border on Friday",
        "It rained. Army officers closed the border on Friday, as announced.",
        "Army officers closed the border on Friday,")]
    [InlineData( // ...by fewer words: the sentence before is not taken for them
        "Ministry officials closed the border on Friday",
        "It rained. Soldiers closed the border on Friday.",
        "Soldiers closed the border on Friday.")]
    [InlineData( // a middle word replaced
        "the ministry closed the border crossing on Friday",
        "Yesterday the ministry reopened the border crossing on Friday.",
        "the ministry reopened the border crossing on Friday.")]
    [InlineData( // a clause inserted
        "The commission documented cases of arbitrary detention in Tapachula",
        "In its annual report, the commission, as it does every year, documented cases of arbitrary detention in Tapachula. It also visited Tijuana.",
        "the commission, as it does every year, documented cases of arbitrary detention in Tapachula.")]
    [InlineData( // a word dropped
        "the authorities must immediately release all detained migrants",
        "It said the authorities must release all detained migrants in the station.",
        "the authorities must release all detained migrants")]
    [InlineData( // case and punctuation as the source writes them
        "the Ministry closed the border on friday",
        "THE MINISTRY REOPENED THE BORDER ON FRIDAY, officials said.",
        "THE MINISTRY REOPENED THE BORDER ON FRIDAY,")]
    [InlineData( // accents as the source writes them
        "La Comision senalo que la situacion es grave",
        "Ayer la Comisión señaló que la situación era grave.",
        "la Comisión señaló que la situación era grave.")]
    public void AlteredPassage_IsMatchedByTheSourcesTextAlignedWithTheWholePassage(string quote, string source, string expected)
    {
        var match = QuoteMatcher.Find(quote, source);

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.Equal(expected, match.Match);
    }

    [Fact]
    public void CommonWordInTheNextSentence_IsNotTakenForTheDroppedEnding()
    {
        var match = QuoteMatcher.Find(
            "uso de la fuerza contra personas migrantes en la frontera sur",
            "La Comisión documentó los episodios de uso de la fuerza contra personas migrantes. La semana siguiente publicó otro.");

        Assert.Equal("uso de la fuerza contra personas migrantes.", match.Match);
    }

    [Fact]
    public void Passage_IsFoundOnlyAsWholeWords()
    {
        var match = QuoteMatcher.Find("port of entry was closed on Monday", "The airport of entry was closed on Monday.");

        Assert.Equal(QuoteStatus.Altered, match.Status);
        Assert.Equal("airport of entry was closed on Monday.", match.Match);
    }

    [Fact]
    public void Folded_LeavesOnlyTheDifferencesThatMatter() =>
        Assert.Equal(
            "la comision observo episodios graves",
            QuoteMatcher.Folded("La COMISIÓN observó “Episodios graves"));

    [Fact]
    public void RemovedPassage_IsMissing()
    {
        var match = QuoteMatcher.Find("el gobierno negó cualquier responsabilidad en los hechos denunciados", Source);

        Assert.Equal(QuoteStatus.Missing, match.Status);
        Assert.Null(match.Match);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void NoPassage_IsNone(string? quote) => Assert.Equal(QuoteStatus.None, QuoteMatcher.Find(quote, Source).Status);

    [Fact]
    public void LongSource_IsSearchedQuickly()
    {
        var words = Enumerable.Range(0, 200_000).Select(i => $"palabra{i % 997}");
        var text = string.Join(' ', words) + " la frase citada aparece al final del documento";

        var match = QuoteMatcher.Find("la frase citada aparece al final del documento", text);

        Assert.Equal(QuoteStatus.Found, match.Status);
    }
}

public sealed class QuotedPassagesTests
{
    [Fact]
    public void DocumentQuotingNextToAUrl_GivesTheCitationItsPassage()
    {
        var text = """
            The Commission noted “worrying episodes of use of force by the National Guard” in its response
            (https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp).

            The ministry said "we do not promote caravans" (https://example.gob.mx/no-promueve) and nothing else.

            A bare link: https://example.org/plain
            """;

        var cited = CitationExtractor.Extract(text);

        Assert.Equal("worrying episodes of use of force by the National Guard", cited[0].Quote);
        Assert.Equal("we do not promote caravans", cited[1].Quote);
        Assert.Null(cited[2].Quote);
    }

    [Fact]
    public void ShortScareQuotes_AreNotPassages() =>
        Assert.Null(QuotedPassages.Nearest("the so-called \"caravan\" https://example.org/x", 30, 52));

    [Fact]
    public void NearestOfSeveralQuotations_IsChosen()
    {
        var paragraph = "«la primera cita larga del texto» https://example.org/a y luego dijo «la segunda cita larga del texto»";
        var url = paragraph.IndexOf("https", StringComparison.Ordinal);

        Assert.Equal("la primera cita larga del texto", QuotedPassages.Nearest(paragraph, url, url + 21));
    }

    [Fact]
    public void QuotationFollowedByASecondUrlInTheSameParagraph_AttachesToTheUrlNextToIt()
    {
        const string text =
            "The ministry announced that \u201cthe northern border will close within 72 hours\u201d (https://www.gob.example/prensa/cierre), "
            + "while the commission condemned the measures (https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp).";

        var cited = CitationExtractor.Extract(text);

        Assert.Equal("the northern border will close within 72 hours", cited[0].Quote);
        Assert.Null(cited[1].Quote);
    }

    [Theory]
    // Closer to the URL after it: the second source's passage.
    [InlineData("As the ministry said (https://www.gob.example/a), the commission found \u201cforty cases of arbitrary detention\u201d (https://www.oas.example/b).", null, "forty cases of arbitrary detention")]
    // Closer to the URL before it: the first source's passage.
    [InlineData("The commission (https://www.oas.example/b) found \u201cforty cases of arbitrary detention\u201d, while the ministry's own figures, published later in the year (https://www.gob.example/a), disagree.", "forty cases of arbitrary detention", null)]
    // As close to both: the URL after it, which a citation usually is.
    [InlineData("See https://www.gob.example/a \u201cforty cases of arbitrary detention\u201d https://www.oas.example/b", null, "forty cases of arbitrary detention")]
    public void QuotationBetweenTwoUrls_IsThePassageOfOneOfThem(string text, string? first, string? second)
    {
        var cited = CitationExtractor.Extract(text);

        Assert.Equal([first, second], cited.Select(c => c.Quote));
    }

    [Fact]
    public void QuotationAfterTheUrl_AttachesWhenNoOtherUrlStandsBetween()
    {
        const string text = "See https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp, which calls for \u201cguarantees of due process for every person\u201d.";

        Assert.Equal("guarantees of due process for every person", Assert.Single(CitationExtractor.Extract(text)).Quote);
    }

    [Fact]
    public void QuotationInTheParagraphBefore_IsNotTheUrlsPassage()
    {
        const string text = "The ministry said \u201cthe northern border will close within 72 hours\u201d.\n\nSource: https://www.gob.example/prensa/cierre";

        Assert.Null(Assert.Single(CitationExtractor.Extract(text)).Quote);
    }

    [Fact]
    public void QuotationFarFromTheUrl_IsNotItsPassage()
    {
        var text = "The ministry said \u201cthe northern border will close within 72 hours\u201d, "
            + string.Join(' ', Enumerable.Repeat("and then a long sentence went on", 6)) + " (https://www.gob.example/prensa/cierre).";

        Assert.Null(Assert.Single(CitationExtractor.Extract(text)).Quote);
    }

    [Theory]
    [InlineData(QuotedPassages.MaxGap, true)]
    [InlineData(QuotedPassages.MaxGap + 1, false)]
    public void GapBetweenQuotationAndUrl_IsAtMostMaxGap(int gap, bool attached)
    {
        var paragraph = "\"one two three four\"" + new string('x', gap) + "https://example.org/a";
        var url = paragraph.IndexOf("https", StringComparison.Ordinal);

        Assert.Equal(attached, QuotedPassages.Nearest(paragraph, url, paragraph.Length) is not null);
    }
}
