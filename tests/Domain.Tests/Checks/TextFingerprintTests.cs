using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class TextFingerprintTests
{
    private const string Template =
        "Página no encontrada\nLo sentimos, la página {0} no existe o ha sido movida.\n"
        + "Puede volver a la página de inicio o usar el buscador del portal para encontrar lo que busca.";

    // Two press releases of one site: the same opening and closing boilerplate, different news.
    private const string ReleaseOne =
        "Washington, D.C. - La Comisión Interamericana de Derechos Humanos (CIDH) expresa su preocupación por la situación "
        + "de las personas migrantes que integran la caravana detenida en la frontera sur. La Comisión recibió información "
        + "sobre el uso de la fuerza por parte de agentes estatales y sobre la devolución de familias sin evaluación de sus "
        + "necesidades de protección internacional.\n"
        + "La CIDH es un órgano principal y autónomo de la Organización de los Estados Americanos (OEA), cuyo mandato surge "
        + "de la Carta de la OEA y de la Convención Americana sobre Derechos Humanos.";

    private const string ReleaseTwo =
        "Washington, D.C. - La Comisión Interamericana de Derechos Humanos (CIDH) saluda la aprobación de la ley que "
        + "reconoce el derecho a la consulta previa de los pueblos indígenas y tribales. La Comisión destaca el proceso "
        + "participativo que acompañó la reforma e insta al Estado a asignar recursos suficientes para su aplicación.\n"
        + "La CIDH es un órgano principal y autónomo de la Organización de los Estados Americanos (OEA), cuyo mandato surge "
        + "de la Carta de la OEA y de la Convención Americana sobre Derechos Humanos.";

    [Fact]
    public void TemplateEchoingDifferentPaths_HasOneFingerprint()
    {
        var probe = TextFingerprint.Of(string.Format(null, Template, "/3f9a1c0e7b2d4a6f8e0c-51d2aa07"), ["/3f9a1c0e7b2d4a6f8e0c-51d2aa07"]);
        var cited = TextFingerprint.Of(string.Format(null, Template, "/prensa/comunicados/2020/informe-caravana"), ["/prensa/comunicados/2020/informe-caravana"]);

        Assert.Equal(1.0, probe.SimilarityTo(cited));
        Assert.True(probe.IsNear(cited));
    }

    [Fact]
    public void TemplateEchoingTheLastSegmentWithoutSlashes_IsStillNear()
    {
        var probe = TextFingerprint.Of(string.Format(null, Template, "«3f9a1c0e7b2d4a6f8e0c-51d2aa07»"), ["/3f9a1c0e7b2d4a6f8e0c-51d2aa07"]);
        var cited = TextFingerprint.Of(string.Format(null, Template, "«informe-caravana»"), ["/prensa/informe-caravana"]);

        Assert.True(probe.IsNear(cited), $"similarity {probe.SimilarityTo(cited)}");
    }

    [Fact]
    public void TemplateWithAChangingReferenceNumber_IsNear()
    {
        var one = TextFingerprint.Of(Template.Replace("{0}", "solicitada", StringComparison.Ordinal) + "\nReferencia: 20240611-8831.");
        var two = TextFingerprint.Of(Template.Replace("{0}", "solicitada", StringComparison.Ordinal) + "\nReferencia: 20250102-0042.");

        Assert.Equal(1.0, one.SimilarityTo(two));
    }

    [Fact]
    public void TemplateWithOneWordChanged_IsNear()
    {
        var one = TextFingerprint.Of(Template.Replace("{0}", "solicitada", StringComparison.Ordinal));
        var two = TextFingerprint.Of(Template.Replace("{0}", "buscada", StringComparison.Ordinal));

        Assert.True(one.IsNear(two), $"similarity {one.SimilarityTo(two)}");
    }

    [Fact]
    public void TwoArticlesOfOneSiteSharingBoilerplate_AreNotNear()
    {
        var one = TextFingerprint.Of(ReleaseOne);
        var two = TextFingerprint.Of(ReleaseTwo);

        Assert.False(one.IsNear(two), $"similarity {one.SimilarityTo(two)}");
        Assert.InRange(one.SimilarityTo(two), 0.05, 0.4);
    }

    [Fact]
    public void ArticleAndNotFoundTemplate_AreNotNear()
    {
        var article = TextFingerprint.Of(ReleaseOne);
        var template = TextFingerprint.Of(string.Format(null, Template, "/x"));

        Assert.False(article.IsNear(template));
    }

    [Theory]
    [InlineData("Inicio", "Inicio")]
    [InlineData("", "")]
    [InlineData("Página principal del portal", "Página principal del portal")]
    public void NearlyEmptyTexts_AreNeverNear(string a, string b)
    {
        var one = TextFingerprint.Of(a);
        var two = TextFingerprint.Of(b);

        Assert.Equal(one.Sketch, two.Sketch);
        Assert.False(one.IsNear(two));
    }

    [Fact]
    public void TextsOfVeryDifferentLength_AreNotNear()
    {
        var shortText = TextFingerprint.Of("Lo sentimos, la página que busca no existe o ha sido movida a otra dirección.");
        var longText = TextFingerprint.Of(
            "Lo sentimos, la página que busca no existe o ha sido movida a otra dirección. "
            + "El portal reúne los comunicados, informes anuales, audiencias públicas y medidas cautelares otorgadas desde 1996, "
            + "ordenados por país y por tema, con su texto completo y los anexos que los acompañan.");

        Assert.False(shortText.IsNear(longText));
    }

    [Fact]
    public void CaseAccentsDigitsAndPunctuation_DoNotMatter()
    {
        var one = TextFingerprint.Of("Página NO encontrada: el documento 2021/15 fue retirado del portal el 3 de mayo.");
        var two = TextFingerprint.Of("pagina no encontrada — el documento 1999/7 fue retirado del portal el 28 de mayo");

        Assert.Equal(one.Sketch, two.Sketch);
    }

    [Fact]
    public void Fingerprint_IsStableAndRoundTripsThroughItsStoredForm()
    {
        var first = TextFingerprint.Of(ReleaseOne);
        var again = TextFingerprint.Of(ReleaseOne);

        Assert.Equal(first.Sketch, again.Sketch);
        var stored = first.ToStored();
        Assert.Equal(16 * first.Sketch.Count, stored.Length);
        var parsed = TextFingerprint.Parse(stored, first.Words);
        Assert.NotNull(parsed);
        Assert.Equal(first.Sketch, parsed.Sketch);
        Assert.Equal(first.Words, parsed.Words);
        Assert.Equal(1.0, parsed.SimilarityTo(first));
        Assert.Null(TextFingerprint.Parse(null, 0));
        Assert.Null(TextFingerprint.Parse("not hex at all!!", 3));
        Assert.Null(TextFingerprint.Parse("0123", 3));
    }

    [Fact]
    public void LongTexts_AreComparedThroughTheirSketch()
    {
        var body = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"palabra{(char)('a' + (i % 26))}{(char)('a' + (i / 26 % 26))}"));
        var one = TextFingerprint.Of(body);
        var edited = TextFingerprint.Of(body.Replace("palabraaa", "cambio", StringComparison.Ordinal));
        var other = TextFingerprint.Of(ReleaseOne + "\n" + ReleaseTwo);

        Assert.Equal(TextFingerprint.SketchSize, one.Sketch.Count);
        Assert.True(one.IsNear(edited), $"similarity {one.SimilarityTo(edited)}");
        Assert.False(one.IsNear(other));
    }

    [Fact]
    public void Words_CountsWhatWasHashed()
    {
        var fingerprint = TextFingerprint.Of("La página /no/existe no existe", ["/no/existe"]);

        // "/no/existe" is a path; then "no" and "existe" are echoed words: only "la página" is left.
        Assert.Equal(2, fingerprint.Words);
    }
}
