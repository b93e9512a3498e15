using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.DocumentFiles;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class CslJsonReaderTests
{
    [Fact]
    public void ZoteroExport_EachItemWithUrlOrDoi_IsOneCitationWithTitleAndAccessDate()
    {
        var read = DocumentReaders.Read(Bytes(ZoteroCslJson), null)!;

        Assert.Equal(DocumentKind.CslJson, read.Kind);
        Assert.Null(read.Title);
        Assert.Equal(
            [
                ("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
                    "CIDH condena la represión de las protestas en Chile", Day(2021, 1, 20)),
                ("https://doi.org/10.1234/rdh.2019.0042",
                    "Derechos humanos y protesta social en América Latina: el caso de Bogotá", Day(2021, 2, 3)),
                ("https://www.hrw.org/es/report/2021/06/10/nicaragua?utm_source=newsletter&id=5",
                    "Informe anual 2021 & balance de la crisis en Nicaragua – 100% de los casos", Day(2021, 6, 15)),
                ("https://www.ohchr.org/es/statements/2019/07/declaracion-conjunta",
                    "Declaración conjunta sobre Venezuela", null),
            ],
            Cited(read));
        Assert.Equal(
            [("http://zotero.org/users/local/Xq7h2k4R/items/7HJ2LMNB: Memoria histórica, reparación y señales de España", SkipReasons.NoUrl)],
            Skipped(read));
        Assert.Equal([2, 34, 98, 128], read.Citations.Select(c => c.Line));
    }

    [Fact]
    public void BibTexAndCslJsonOfOneLibrary_CiteTheSameSources()
    {
        var bibtex = DocumentReaders.Read(Bytes(ZoteroBibTex), null)!;
        var csl = DocumentReaders.Read(Bytes(ZoteroCslJson), null)!;

        Assert.Equal(bibtex.Citations.Select(c => (c.Normalized.Key, c.AccessedAt)), csl.Citations.Select(c => (c.Normalized.Key, c.AccessedAt)));
    }

    [Theory]
    [InlineData("""{ "date-parts": [[2021, 1, 20]] }""")]
    [InlineData("""{ "date-parts": [["2021", "1", "20"]] }""")]
    [InlineData("""{ "date-parts": [[2021, 1, 20], [2021, 1, 25]] }""")]
    [InlineData("""{ "raw": "2021-01-20" }""")]
    [InlineData("""{ "raw": "2021-01-20T18:30:00Z" }""")]
    [InlineData("""{ "literal": "2021-01-20" }""")]
    [InlineData("\"2021-01-20\"")]
    public void Accessed_InEachWayCslWritesIt_IsMidnightUtcOfThatDay(string accessed)
    {
        var read = DocumentReaders.Read(Utf8($$"""[{ "id": "a", "type": "webpage", "URL": "https://example.org/", "accessed": {{accessed}} }]"""), null)!;

        Assert.Equal(DocumentKind.CslJson, read.Kind);
        Assert.Equal(Day(2021, 1, 20), read.Citations.Single().AccessedAt);
    }

    [Theory]
    [InlineData("""{ "date-parts": [[2021, 1]] }""")]
    [InlineData("""{ "date-parts": [[2021]] }""")]
    [InlineData("""{ "date-parts": [[2021, 13, 1]] }""")]
    [InlineData("""{ "season": 1 }""")]
    [InlineData("""{ "raw": "January 2021" }""")]
    [InlineData("null")]
    [InlineData("20210120")]
    public void Accessed_WithoutAWholeDay_IsNoAccessDate(string accessed)
    {
        var read = DocumentReaders.Read(Utf8($$"""[{ "id": "a", "type": "webpage", "URL": "https://example.org/", "accessed": {{accessed}} }]"""), null)!;

        Assert.Null(read.Citations.Single().AccessedAt);
    }

    [Fact]
    public void ItemsObject_NumericIds_LowerCaseVariables_AndRichTextTitles()
    {
        const string json = """
            {
              "items": [
                { "id": 1, "type": "article-journal", "title": "On <i>Habeas Corpus</i> and <span class=\"nocase\">iPhones</span>", "doi": "https://doi.org/10.1234/x" },
                { "id": 2, "type": "book", "title": "Sin enlace" },
                { "id": 3, "type": "webpage", "url": "https://example.org/page" }
              ]
            }
            """;

        var read = DocumentReaders.Read(Utf8(json), null)!;

        Assert.Equal(DocumentKind.CslJson, read.Kind);
        Assert.Equal(
            [
                ("https://doi.org/10.1234/x", "On Habeas Corpus and iPhones", null),
                ("https://example.org/page", "3", null),
            ],
            Cited(read));
        Assert.Equal([("2: Sin enlace", SkipReasons.NoUrl)], Skipped(read));
        Assert.Equal([3, 5], read.Citations.Select(c => c.Line));
    }

    [Fact]
    public void UrlThatCannotBeChecked_IsListed()
    {
        const string json = """
            [
              { "id": "a", "type": "webpage", "URL": "file:///C:/Users/ana/informe.pdf" },
              { "id": "b", "type": "webpage", "URL": "www.example.org/informe" },
              { "id": "c", "type": "webpage", "URL": "https://user:secret@example.org/" }
            ]
            """;

        var read = DocumentReaders.Read(Utf8(json), null)!;

        Assert.Equal([("www.example.org/informe", "b", null)], Cited(read));
        Assert.Equal("http://www.example.org/informe", read.Citations[0].Normalized.Url);
        Assert.Equal(
            [("file:///C:/Users/ana/informe.pdf", SkipReasons.Scheme), ("https://user:secret@example.org/", SkipReasons.Malformed)],
            Skipped(read));
    }
}
