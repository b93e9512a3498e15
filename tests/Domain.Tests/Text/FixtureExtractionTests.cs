using CitationMonitor.Domain.Text;
using CitationMonitor.TestSupport.Fixtures;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class FixtureExtractionTests
{
    public static TheoryData<string> Pages() => [.. FixturePages.Names];

    public static TheoryData<string, string> NoisyVariants() => FixturePages.NoisyCases();

    public static TheoryData<string, string> EditedVariants() => FixturePages.EditedCases();

    private static ExtractedContent Extract(PageVariant variant) => ContentExtractor.Extract(variant.Body, variant.ContentType);

    [Theory]
    [MemberData(nameof(NoisyVariants))]
    public void NoisyVariantExtractsToExactlyTheOriginalText(string page, string variantName)
    {
        var original = Extract(FixturePages.Original(page));
        var variant = Extract(FixturePages.Noisy(page).Single(v => v.Name == variantName));

        Assert.Equal(original.Text, variant.Text);
        Assert.Equal(original.Title, variant.Title);
    }

    [Theory]
    [MemberData(nameof(EditedVariants))]
    public void EditedVariantExtractsToAnotherTextAndTheDiffNamesExactlyTheChangedWords(string page, string variantName)
    {
        var edited = FixturePages.Edited(page).Single(v => v.Name == variantName);
        var original = Extract(FixturePages.Original(page));

        var comparison = TextComparer.Compare(original.Text, Extract(edited).Text);

        Assert.True(comparison.Changed);
        Assert.Equal(edited.Deleted, Joined(comparison, DiffType.Delete));
        Assert.Equal(edited.Inserted, Joined(comparison, DiffType.Insert));
    }

    private static string Joined(TextComparison comparison, DiffType type) =>
        string.Join(' ', comparison.Diff.Where(s => s.Type == type).Select(s => s.Text));

    [Theory]
    [MemberData(nameof(Pages))]
    public void OriginalPageExtractsItsTitleAndANonTrivialText(string page)
    {
        var content = Extract(FixturePages.Original(page));

        Assert.Equal("html", content.Kind);
        Assert.False(string.IsNullOrEmpty(content.Title));
        Assert.InRange(content.Text.Length, 400, 3000);
        Assert.DoesNotContain('\uFFFD', content.Text);
    }

    [Fact]
    public void SemanticPageKeepsTheArticleAndDropsHeaderNavBreadcrumbAsideCookieBannerAndFooter()
    {
        var content = Extract(FixturePages.Original(FixturePages.GobMx));

        Assert.Equal("Comisión presenta informe sobre personas desaparecidas en 2023 | Secretaría de Gobernación | Gobierno | gob.mx", content.Title);
        Assert.StartsWith("Comisión presenta informe sobre personas desaparecidas en 2023\nSecretaría de Gobernación\nComunicado 027/2024\n", content.Text, StringComparison.Ordinal);
        Assert.Contains("documenta 37 jornadas de búsqueda", content.Text, StringComparison.Ordinal);
        Assert.Contains("\nEntidad | Jornadas | Sitios inspeccionados\nJalisco | 9 | 1,245\n", content.Text, StringComparison.Ordinal);
        Assert.EndsWith("presentar observaciones por escrito hasta el 29 de febrero.", content.Text, StringComparison.Ordinal);
        AssertNoneOf(content.Text,
            "Trámites", "gob.mx", "lunes 15 de enero", "Inicio", "Prensa relacionada", "identificación humana",
            "cookies", "Aceptar", "Compartir", "Facebook", "portal único", "Saltar al contenido");
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.FromHours(-6)), content.Published);
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 8, 0, 0, TimeSpan.FromHours(-6)), content.Modified);
    }

    [Fact]
    public void TableLayoutPageWithoutSemanticTagsYieldsTheNoteWithItsHeadlineAndNothingElse()
    {
        var content = Extract(FixturePages.Original(FixturePages.IgmTables));

        Assert.Equal(
            """
            Ministerio instala mesa de diálogo con autoridades indígenas de Sololá
            Sololá, 14 de enero de 2024
            El Ministerio de Gobernación instaló este domingo una mesa permanente de diálogo con las autoridades indígenas de los 48 cantones de Sololá, con el acompañamiento de la Procuraduría de los Derechos Humanos.
            Durante la primera sesión, las autoridades comunitarias presentaron sus demandas sobre el acceso al agua, la seguridad en los caminos rurales y la consulta previa, libre e informada.
            El viceministro se comprometió a entregar, en un plazo de 30 días, un informe sobre las denuncias presentadas y a convocar una segunda sesión en la cabecera departamental.
            Las partes acordaron el siguiente calendario de trabajo:
            Sesión | Fecha | Lugar
            Segunda | 12 de febrero | Sololá
            Tercera | 11 de marzo | Panajachel
            La mesa sesionará de forma pública y sus actas serán publicadas en el portal de información pública de oficio.
            """.ReplaceLineEndings("\n"),
            content.Text);
        AssertNoneOf(content.Text,
            "MINISTERIO DE GOBERNACIÓN", "15 de enero", "Sala de prensa", "Contáctenos", "Visitas", "48213",
            "Noticias relacionadas", "Quetzaltenango", "PBX", "derechos reservados", "CfDJ8");
    }

    [Fact]
    public void TableLayoutPageWithAnonymousMenuAndRelatedBoxIsChosenByTextAndLinkDensity()
    {
        var html = FixturePages.Html(FixturePages.IgmTables);
        var anonymous = FixturePages.Replace(FixturePages.Replace(html, "<div id=\"menuizq\">", "<div>"), "<b>Noticias relacionadas</b>", "<b>Vea</b>");

        var content = ContentExtractor.Extract(System.Text.Encoding.UTF8.GetBytes(anonymous), "text/html; charset=utf-8");

        Assert.Equal(Extract(FixturePages.Original(FixturePages.IgmTables)).Text, content.Text);
    }

    [Fact]
    public void Windows1252PageDecodesItsAccentsAndKeepsOnlyThePressRelease()
    {
        var content = Extract(FixturePages.Original(FixturePages.Cidh1252));

        Assert.Equal("CIDH - Comunicado de Prensa 012/24", content.Title);
        // A line that is only a date is left out of the text: it changes with every edit, not with what the source says.
        Assert.StartsWith("CIDH expresa preocupación por la situación de personas defensoras en la región\nWashington, D.C. – La Comisión Interamericana", content.Text, StringComparison.Ordinal);
        Assert.Contains("órgano principal y autónomo de la Organización de los Estados Americanos (OEA)", content.Text, StringComparison.Ordinal);
        Assert.EndsWith("No. 012/24", content.Text, StringComparison.Ordinal);
        AssertNoneOf(content.Text, "Português", "Mandato", "Comunicados 2023", "Más noticias", "medidas cautelares", "1889 F St.");
    }

    [Fact]
    public void SamePageServedInTwoEncodingsExtractsIdentically()
    {
        var html = FixturePages.Html(FixturePages.Cidh1252).Replace("charset=windows-1252", "charset=utf-8", StringComparison.Ordinal);

        var fromUtf8 = ContentExtractor.Extract(System.Text.Encoding.UTF8.GetBytes(html), "text/html");
        var from1252 = ContentExtractor.Extract(FixturePages.Bytes(FixturePages.Cidh1252), "text/html");

        Assert.Equal(from1252, fromUtf8);
    }

    [Fact]
    public void ContentTypeCharsetWinsOverAConflictingMetaDeclaration()
    {
        var utf8Bytes = System.Text.Encoding.UTF8.GetBytes(FixturePages.Html(FixturePages.Cidh1252));

        Assert.Contains("preocupación", ContentExtractor.Extract(utf8Bytes, "text/html; charset=utf-8").Text, StringComparison.Ordinal);
        Assert.Contains("preocupaciÃ³n", ContentExtractor.Extract(utf8Bytes, "text/html").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void UndeclaredWindows1252BytesAreNotTurnedIntoReplacementCharacters()
    {
        var html = FixturePages.Html(FixturePages.Cidh1252).Replace(
            """<meta http-equiv="Content-Type" content="text/html; charset=windows-1252" />""", "", StringComparison.Ordinal);
        var bytes = System.Text.Encoding.GetEncoding(1252).GetBytes(html);

        var content = ContentExtractor.Extract(bytes, "text/html");

        Assert.Equal(ContentExtractor.Extract(FixturePages.Bytes(FixturePages.Cidh1252), "text/html"), content);
    }

    private static void AssertNoneOf(string text, params string[] chrome)
    {
        foreach (var word in chrome)
        {
            Assert.False(text.Contains(word, StringComparison.Ordinal), $"Extracted text contains page chrome \"{word}\":\n{text}");
        }
    }
}
