using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// The example files the README and docs upload are read as they say: every source of the example PDF, the one behind
/// the link text "aquí" and those cut across lines in its footnotes included, and the access dates of the example
/// reference export.
/// </summary>
public sealed class ExampleFilesTests
{
    [Fact]
    public void TheExampleStatementPdf_CitesEverySource_BehindLinkTextAndAcrossLines()
    {
        var read = DocumentReaders.Read(Example("statement.pdf"), null);

        Assert.NotNull(read);
        Assert.Equal(DocumentKind.Pdf, read.Kind);
        Assert.Equal("Brief on the January 2021 caravan", read.Title);
        Assert.Equal(
            [
                ("http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", null),
                ("https://igm.gob.gt/protocolo-de-atencion-a-migrantes-que-ingresaran-en-caravana-prevista-para-el-15-de-enero/", "1"),
                ("https://www.gob.mx/sre/prensa/mexico-el-salvador-guatemala-y-honduras-presentan-declaracion-conjunta-sobre-la-gestion-integral-de-los-procesos-migratorios-en-la-region?state=published", "2"),
                ("https://www.cndh.org.mx/sites/default/files/documentos/2020-10/COM_2020_343.pdf", (string?)null),
            ],
            read.Citations.Select(c => (c.Url, c.Footnote)));
        Assert.Equal("The Inter-American Commission recalled that any use of force at a border must be necessary and proportionate, as its release on the response to the caravan says, available aquí.", read.Citations[0].Context);
        Assert.Equal([("archivo@example.org", SkipReasons.Email)], read.Skipped.Select(s => (s.Text, s.Reason)));
    }

    [Fact]
    public void TheExampleReferenceExport_GivesEachSourceItsAccessDate_AndSkipsTheBookWithoutAnAddress()
    {
        var read = DocumentReaders.Read(Example("references.bib"), null);

        Assert.NotNull(read);
        Assert.Equal(DocumentKind.Bibtex, read.Kind);
        Assert.Equal(
            [new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2021, 1, 21, 0, 0, 0, TimeSpan.Zero)],
            read.Citations.Select(c => c.AccessedAt!.Value));
        Assert.Equal([SkipReasons.NoUrl], read.Skipped.Select(s => s.Reason));
    }

    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(DocsPages.RepositoryRoot, "docs", "examples", name));
}
