using System.Text;
using System.Text.Json;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A researcher's references as Zotero exports them, as BibTeX and as CSL-JSON: one source per entry with a URL or a
/// DOI, its title as context, its access date as the place's <c>accessedAt</c>, and the entry without either skipped.
/// </summary>
public sealed class ReferenceExportOutsideTests : OutsideApiTest
{
    internal const string Press = "https://bib.example.org/cidh/comunicados/027.asp";
    internal const string Doi = "https://doi.org/10.1234/abcd.5678";

    internal static byte[] Bibtex() => Encoding.UTF8.GetBytes(
        """

        @misc{cidh_cidh_2021,
        	title = {{CIDH} expresa preocupación por la respuesta a la caravana},
        	url = {https://bib.example.org/cidh/comunicados/027.asp},
        	urldate = {2021-01-20},
        	journal = {Comunicados de prensa},
        	author = {{Comisión Interamericana de Derechos Humanos}},
        	month = jan,
        	year = {2021},
        	note = {Comunicado 027/21},
        }

        @article{lopez_detention_2020,
        	title = {Detention at the southern border},
        	volume = {12},
        	issn = {1234-5678},
        	doi = {10.1234/abcd.5678},
        	number = {3},
        	journal = {Journal of Migration Studies},
        	author = {López, Ana and Pérez, Juan},
        	year = {2020},
        	pages = {45--67},
        }

        @book{garcia_migracion_2019,
        	address = {Ciudad de México},
        	title = {Migración y derechos en la frontera sur},
        	publisher = {Editorial Frontera},
        	author = {García, Luisa},
        	year = {2019},
        }

        """);

    internal static byte[] CslJson() => Encoding.UTF8.GetBytes(
        """
        [
        	{
        		"id": "http://zotero.org/users/1234567/items/ABCD2345",
        		"type": "webpage",
        		"title": "CIDH expresa preocupación por la respuesta a la caravana",
        		"container-title": "Comunicados de prensa",
        		"URL": "https://bib.example.org/cidh/comunicados/027.asp",
        		"author": [{ "literal": "Comisión Interamericana de Derechos Humanos" }],
        		"accessed": { "date-parts": [["2021", 1, 20]] },
        		"issued": { "date-parts": [["2021", 1, 19]] }
        	},
        	{
        		"id": "http://zotero.org/users/1234567/items/EFGH6789",
        		"type": "article-journal",
        		"title": "Detention at the southern border",
        		"container-title": "Journal of Migration Studies",
        		"page": "45-67",
        		"volume": "12",
        		"issue": "3",
        		"DOI": "10.1234/abcd.5678",
        		"ISSN": "1234-5678",
        		"author": [{ "family": "López", "given": "Ana" }, { "family": "Pérez", "given": "Juan" }],
        		"accessed": { "date-parts": [[2021, 2, 3]] },
        		"issued": { "date-parts": [["2020"]] }
        	},
        	{
        		"id": "http://zotero.org/users/1234567/items/IJKL0123",
        		"type": "book",
        		"title": "Migración y derechos en la frontera sur",
        		"publisher": "Editorial Frontera",
        		"publisher-place": "Ciudad de México",
        		"author": [{ "family": "García", "given": "Luisa" }],
        		"issued": { "date-parts": [["2019"]] }
        	}
        ]
        """);

    [Fact]
    public async Task AZoteroBibtexExport_WatchesTheUrlAndDoiEntries_WithTheirTitlesAndAccessDates()
    {
        var document = await UploadCreatedAsync(Bibtex(), "Mi biblioteca.bib");

        Assert.Equal("bibtex", document.GetProperty("kind").GetString());
        Assert.Equal([Press, Doi], NormalizedUrls(document));
        var press = PlaceOf(document, Press);
        Assert.Equal("CIDH expresa preocupación por la respuesta a la caravana", Text(press, "context"));
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), Time(press, "accessedAt"));
        var doi = PlaceOf(document, Doi);
        Assert.Equal("Detention at the southern border", Text(doi, "context"));
        Assert.Null(Time(doi, "accessedAt"));
        AssertTheBookIsSkipped(document);
    }

    [Fact]
    public async Task AZoteroCslJsonExport_WatchesTheUrlAndDoiEntries_WithTheirTitlesAndAccessDates()
    {
        var document = await UploadCreatedAsync(CslJson(), "Mi biblioteca.json");

        Assert.Equal("csl-json", document.GetProperty("kind").GetString());
        Assert.Equal([Press, Doi], NormalizedUrls(document));
        var press = PlaceOf(document, Press);
        Assert.Equal("CIDH expresa preocupación por la respuesta a la caravana", Text(press, "context"));
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), Time(press, "accessedAt"));
        var doi = PlaceOf(document, Doi);
        Assert.Equal("Detention at the southern border", Text(doi, "context"));
        Assert.Equal(new DateTimeOffset(2021, 2, 3, 0, 0, 0, TimeSpan.Zero), Time(doi, "accessedAt"));
        AssertTheBookIsSkipped(document);
    }

    [Fact]
    public async Task ABibtexExportInLatexLetters_HasItsTitlesInPlainLetters()
    {
        var bibtex = Encoding.ASCII.GetBytes(
            """
            @techreport{cndh_recomendacion_2020,
            	title = {Recomendaci{\'o}n 15/2020 sobre la detenci{\'o}n de personas migrantes en {Tapachula}},
            	url = {https://bib.example.org/cndh/recomendacion-15-2020.pdf},
            	urldate = {2021-02-03},
            	institution = {Comisi{\'o}n Nacional de los Derechos Humanos},
            	year = {2020},
            }
            """);

        var document = await UploadCreatedAsync(bibtex, "export.bib");

        var place = Assert.Single(Places(document));
        Assert.Equal("Recomendación 15/2020 sobre la detención de personas migrantes en Tapachula", Text(place, "context"));
        Assert.Equal(new DateTimeOffset(2021, 2, 3, 0, 0, 0, TimeSpan.Zero), Time(place, "accessedAt"));
    }

    [Fact]
    public async Task AnEntryWithBothUrlAndDoi_IsOneCitationOfItsUrl_AndUrlsAndDoisAreTakenAsWritten()
    {
        var bibtex = Encoding.UTF8.GetBytes(
            """
            @article{ambos_2020,
            	title = {Con URL y DOI},
            	url = {https://revista.example.org/articulos/informe_final%202020.pdf},
            	doi = {10.5555/revista.2020.12},
            	urldate = {2021-03-04},
            	year = {2020},
            }

            @article{doi_completo_2021,
            	title = {DOI escrito como dirección},
            	doi = {https://doi.org/10.5555/revista.2021.7},
            	year = {2021},
            }
            """);

        var document = await UploadCreatedAsync(bibtex, "export.bib");

        Assert.Equal(
            ["https://doi.org/10.5555/revista.2021.7", "https://revista.example.org/articulos/informe_final%202020.pdf"],
            NormalizedUrls(document));
        Assert.Empty(Skipped(document));
    }

    [Fact]
    public async Task ACslJsonEntryWithBothUrlAndDoi_IsOneCitationOfItsUrl()
    {
        var csl = Encoding.UTF8.GetBytes(
            """
            [{ "id": "ambos", "type": "article-journal", "title": "Con URL y DOI", "URL": "https://revista.example.org/articulos/12", "DOI": "10.5555/revista.2020.12", "accessed": { "date-parts": [[2021, 3, 4]] } }]
            """);

        var document = await UploadCreatedAsync(csl, "export.json");

        var place = Assert.Single(Places(document));
        Assert.Equal("https://revista.example.org/articulos/12", place.GetProperty("normalizedUrl").GetString());
        Assert.Equal(new DateTimeOffset(2021, 3, 4, 0, 0, 0, TimeSpan.Zero), Time(place, "accessedAt"));
    }

    [Fact]
    public async Task ASourceCitedWithTwoAccessDates_HasTheEarliestAsItsOwn_AndAPlacesDateCanBeCorrected()
    {
        var bibtex = await UploadCreatedAsync(Bibtex(), "a.bib");
        var csl = await UploadCreatedAsync(CslJson(), "b.json");
        var doiId = PlaceOf(csl, Doi).GetProperty("id").GetInt64();
        Assert.Equal(doiId, PlaceOf(bibtex, Doi).GetProperty("id").GetInt64());

        Assert.Equal(new DateTimeOffset(2021, 2, 3, 0, 0, 0, TimeSpan.Zero), Time(await GetJsonAsync($"/api/citations/{doiId}"), "accessedAt"));

        var place = await PatchJsonAsync(
            $"/api/documents/{bibtex.GetProperty("id").GetInt64()}/citations/{doiId}",
            new { accessedAt = "2020-12-01T09:30:00Z" });
        Assert.Equal(new DateTimeOffset(2020, 12, 1, 9, 30, 0, TimeSpan.Zero), Time(place, "accessedAt"));
        Assert.Equal(new DateTimeOffset(2020, 12, 1, 9, 30, 0, TimeSpan.Zero), Time(await GetJsonAsync($"/api/citations/{doiId}"), "accessedAt"));
        Assert.Equal(
            new DateTimeOffset(2021, 2, 3, 0, 0, 0, TimeSpan.Zero),
            Time(PlaceOf(await GetJsonAsync($"/api/documents/{csl.GetProperty("id").GetInt64()}"), Doi), "accessedAt"));

        var audit = (await GetJsonAsync($"/api/citations/{doiId}/audit")).GetProperty("items")[0];
        Assert.Equal("accessedAt", audit.GetProperty("field").GetString());
        Assert.Equal(bibtex.GetProperty("id").GetInt64(), audit.GetProperty("documentId").GetInt64());
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("before").ValueKind);
        Assert.Equal(new DateTimeOffset(2020, 12, 1, 9, 30, 0, TimeSpan.Zero), audit.GetProperty("after").GetDateTimeOffset());
    }

    [Fact]
    public async Task TheReport_SaysForEachSourceWhetherItChangedSinceCited_NullWithoutABaseline()
    {
        var document = await UploadCreatedAsync(Bibtex(), "a.bib");

        var report = await GetJsonAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/report");

        var rows = report.GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("changedSinceCited").ValueKind));
        var press = rows.Single(r => r.GetProperty("normalizedUrl").GetString() == Press);
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), Time(press, "accessedAt"));
    }

    private static void AssertTheBookIsSkipped(JsonElement document)
    {
        var skipped = Assert.Single(Skipped(document));
        Assert.Equal("no_url", skipped.Reason);
        Assert.Contains("Migración y derechos en la frontera sur", skipped.Text, StringComparison.Ordinal);
    }
}
