using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.DocumentFiles;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class BibTexReaderTests
{
    [Fact]
    public void ZoteroExport_EachEntryWithUrlOrDoi_IsOneCitationWithTitleAndAccessDate()
    {
        var read = DocumentReaders.Read(Bytes(ZoteroBibTex), null)!;

        Assert.Equal(DocumentKind.Bibtex, read.Kind);
        Assert.Null(read.Title);
        Assert.Equal(
            [
                ("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
                    "CIDH condena la represión de las protestas en Chile", Day(2021, 1, 20)),
                ("https://doi.org/10.1234/rdh.2019.0042",
                    "Derechos humanos y protesta social en América Latina: el caso de Bogotá", Day(2021, 2, 3)),
                ("https://www.hrw.org/es/report/2021/06/10/nicaragua?utm_source=newsletter&id=5",
                    "Informe anual 2021 & balance de la crisis en Nicaragua -- 100% de los casos", Day(2021, 6, 15)),
                ("https://www.ohchr.org/es/statements/2019/07/declaracion-conjunta",
                    "Declaración conjunta sobre Venezuela", null),
            ],
            Cited(read));
        Assert.Equal([("garcia_memoria_2018: Memoria histórica, reparación y señales de España", SkipReasons.NoUrl)], Skipped(read));
        Assert.Equal([2, 15, 41, 51], read.Citations.Select(c => c.Line));
        Assert.Equal("www.hrw.org/es/report/2021/06/10/nicaragua?id=5", read.Citations[2].Normalized.Key);
    }

    [Fact]
    public void BetterBibTexExport_WithoutTrailingCommas_AndDoiWrittenAsAddress()
    {
        const string bib = """
            @online{cidh2020,
              title = {{CIDH} condena la violencia},
              author = {{Comisión Interamericana de Derechos Humanos}},
              date = {2020-02-10},
              url = {https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp},
              urldate = {2021-01-20},
              langid = {spanish}
            }

            @article{perez2019,
              title = {Derechos humanos},
              doi = {https://doi.org/10.1234/RDH.2019.0042},
              urldate = {2021-02-03}
            }

            @article{lopez2020,
              title = {Otro artículo},
              doi = {doi:10.5555/abc#def?x 1},
            }
            """;

        var read = DocumentReaders.Read(Utf8(bib), null)!;

        Assert.Equal(
            [
                ("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", "CIDH condena la violencia", Day(2021, 1, 20)),
                ("https://doi.org/10.1234/RDH.2019.0042", "Derechos humanos", Day(2021, 2, 3)),
                ("https://doi.org/10.5555/abc%23def%3Fx%201", "Otro artículo", null),
            ],
            Cited(read));
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void MendeleyExport_EscapedUnderscoresAndPercents_InUrls_AreReadVerbatim()
    {
        const string bib = """
            @misc{Amnistia2021,
            author = {{Amnist{\'{i}}a Internacional}},
            title = {{Informe 2020/21: La situaci{\'{o}}n de los derechos humanos en el mundo}},
            url = {https://www.amnesty.org/es/documents/pol10{\_}3202{\_}2021/ https://www.amnesty.org/es/latest/news/2021/04/informe{\%}20anual/},
            urldate = {2021-04-07},
            year = {2021}
            }
            """;

        var read = DocumentReaders.Read(Utf8(bib), null)!;

        const string title = "Informe 2020/21: La situación de los derechos humanos en el mundo";
        Assert.Equal(
            [
                ("https://www.amnesty.org/es/documents/pol10_3202_2021/", title, Day(2021, 4, 7)),
                ("https://www.amnesty.org/es/latest/news/2021/04/informe%20anual/", title, Day(2021, 4, 7)),
            ],
            Cited(read));
    }

    [Fact]
    public void CommentsStringsAndPreamble_AreNotEntries_AndMacrosExpand()
    {
        const string bib = """
            % This file was created with JabRef 5.1.
            % Encoding: UTF-8

            @preamble{ "\newcommand{\noopsort}[1]{}" }

            @string{ cidh = "https://www.oas.org/es/cidh" }
            @STRING( prensa = {/prensa/comunicados} )

            @comment{ An entry written here is not one: @misc{ignored, url = {https://ignored.example.org/}} }

            @Misc{concatenated,
              Title = "Comunicado " # "{027/20}",
              URL = cidh # prensa # "/2020/027.asp",
              Month = feb,
            }

            @Comment{jabref-meta: databaseType:bibtex;}
            """;

        var read = DocumentReaders.Read(Utf8(bib), null)!;

        Assert.Equal(DocumentKind.Bibtex, read.Kind);
        Assert.Equal([("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", "Comunicado 027/20", null)], Cited(read));
        Assert.Empty(read.Skipped);
    }

    [Theory]
    [InlineData(@"{\'e}t{\'e}", "été")]
    [InlineData(@"\'{e}t\'e", "été")]
    [InlineData(@"Mar{\'\i}a y Mar{\'i}a", "María y María")]
    [InlineData(@"{\""u}ber M{\""{u}}ller", "über Müller")]
    [InlineData(@"Espa{\~n}a, Espa\~na", "España, España")]
    [InlineData(@"{\c{c}}a, {\c c}a, Fran\c{c}ois", "ça, ça, François")]
    [InlineData(@"{\v{S}}koda and {\v s}", "Škoda and š")]
    [InlineData(@"Stra{\ss}e, {\o}re, {\AE}sir, {\l}{\'o}d{\'z}", "Straße, øre, Æsir, łódź")]
    [InlineData(@"{\`a} la {\^o}tel", "à la ôtel")]
    [InlineData(@"Research \& development: 100\% in \$ and \#1 \_now", "Research & development: 100% in $ and #1 _now")]
    [InlineData(@"pages 45--67 and 1990---2000", "pages 45--67 and 1990---2000")]
    [InlineData(@"\emph{Italic} and \textbf{bold} and \textit{{nested} text}", "Italic and bold and nested text")]
    [InlineData(@"{\textquotedblleft}Quoted{\textquotedblright} {\textendash} {\textemdash}", "“Quoted” – —")]
    [InlineData(@"Non~breaking and  many   spaces", "Non breaking and many spaces")]
    [InlineData(@"The {{CIDH}} and {UN} {Report}", "The CIDH and UN Report")]
    [InlineData(@"Math $\alpha$ gone", "Math gone")]
    public void LatexText_IsPlainText(string latex, string expected) => Assert.Equal(expected, LatexText.ToText(latex));

    [Fact]
    public void AccentsMadeOfCombiningMarks_AreComposed()
    {
        // NFC: "é" is one character, as it would be typed.
        Assert.Equal("\u00E9", LatexText.ToText(@"\'e"));
    }

    [Theory]
    [InlineData("{2021-01-20}", 2021, 1, 20)]
    [InlineData("{2021-1-5}", 2021, 1, 5)]
    [InlineData("{2021-01-20T10:11:12Z}", 2021, 1, 20)]
    [InlineData("{2021-01-20 10:11:12}", 2021, 1, 20)]
    [InlineData("\"2021-01-20\"", 2021, 1, 20)]
    public void Urldate_IsMidnightUtcOfThatDay(string value, int year, int month, int day)
    {
        var read = BibTexReader.Read(Utf8($"@misc{{k, url = {{https://example.org/}}, urldate = {value}}}"));

        Assert.Equal(Day(year, month, day), read.Citations.Single().AccessedAt);
    }

    [Theory]
    [InlineData("{2021-01}")]
    [InlineData("{2021}")]
    [InlineData("{2021-02-30}")]
    [InlineData("{20 January 2021}")]
    [InlineData("{2021-01-20/2021-01-21}")]
    public void Urldate_WithoutAWholeDay_IsNoAccessDate(string value)
    {
        var read = BibTexReader.Read(Utf8($"@misc{{k, url = {{https://example.org/}}, urldate = {value}}}"));

        Assert.Null(read.Citations.Single().AccessedAt);
    }

    [Fact]
    public void UrlAndDoi_OnlyTheUrlIsCited()
    {
        var read = BibTexReader.Read(Utf8("@article{k, title={T}, url={https://example.org/a}, doi={10.1234/x}}"));

        Assert.Equal([("https://example.org/a", "T", null)], Cited(read));
    }

    [Fact]
    public void UrlThatCannotBeChecked_IsListed_AndTheDoiCitedInstead()
    {
        var read = BibTexReader.Read(Utf8("""
            @misc{a, title={A}, url={ftp://ftp.example.org/a.pdf}, doi={10.1234/a}}
            @misc{b, title={B}, url={http://}}
            @misc{c, title={C}, url={mailto:info@example.org}}
            @misc{d, title={D}, doi={not a doi}}
            """));

        Assert.Equal([("https://doi.org/10.1234/a", "A", null)], Cited(read));
        Assert.Equal(
            [
                ("ftp://ftp.example.org/a.pdf", SkipReasons.Scheme),
                ("http://", SkipReasons.Malformed),
                ("mailto:info@example.org", SkipReasons.Email),
                ("not a doi", SkipReasons.Malformed),
            ],
            Skipped(read));
    }

    [Fact]
    public void HowPublished_HoldsTheUrlOfMiscEntries()
    {
        var read = BibTexReader.Read(Utf8(@"@misc{k, title = {Página}, howpublished = {\url{https://example.org/a_b}}, note = {Accedido: 2021-01-20}}"));

        Assert.Equal([("https://example.org/a_b", "Página", null)], Cited(read));
    }

    [Fact]
    public void EntryWithoutTitle_IsNamedByItsKey()
    {
        var read = BibTexReader.Read(Utf8("@misc{untitled, url = {https://example.org/}}\n@book{nothing, year = 2020}"));

        Assert.Equal([("https://example.org/", "untitled", null)], Cited(read));
        Assert.Equal([("nothing", SkipReasons.NoUrl)], Skipped(read));
    }

    [Fact]
    public void ParenthesesAsDelimiters_AndNestedBraces()
    {
        var read = BibTexReader.Read(Utf8("@misc(k,\n title = {A {nested {deeply}} title},\n url = \"https://example.org/{x}\"\n)"));

        Assert.Equal([("https://example.org/x", "A nested deeply title", null)], Cited(read));
    }

    [Theory]
    [InlineData("@misc{k, title = {Cut short", "ends inside the entry 'k' that starts on line 1")]
    [InlineData("@misc{k, title = {T},\n url = {https://example.org/}", "ends inside the entry 'k' that starts on line 1")]
    [InlineData("@misc{k,\n title = \"T}\",\n}", "the entry 'k' that starts on line 1, a '}' closes no '{' inside a quoted value (line 2)")]
    [InlineData("@misc{k,\n title {T},\n}", "the entry 'k' that starts on line 1, '=' was expected, not '{' (line 2)")]
    [InlineData("@misc{a, url={https://example.org/}}\n\n@misc{k, title = {T} url = {https://example.org/}}", "the entry 'k' that starts on line 3, ',' or '}' was expected after the field 'title', not 'u'")]
    public void TruncatedOrMalformedFile_IsUnreadable_SayingWhere(string bib, string expected)
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => BibTexReader.Read(Utf8(bib)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows1252File_IsDecoded()
    {
        var bytes = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("@misc{k, title = {Represión}, url = {https://example.org/}}");

        var read = DocumentReaders.Read(bytes, null)!;

        Assert.Equal(DocumentKind.Bibtex, read.Kind);
        Assert.Equal("Represión", read.Citations.Single().Context);
    }
}
