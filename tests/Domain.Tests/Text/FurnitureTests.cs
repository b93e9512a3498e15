using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>
/// Furniture inside the main content goes; the source's own words that look like it stay. Each page is an article with
/// enough running text that the article is what is read; the case under test sits inside it.
/// </summary>
public sealed class FurnitureTests
{
    private const string Prose =
        "The commission examined the conditions of detention in the three facilities it visited during the year, " +
        "interviewed detainees, staff and relatives, and reviewed the registers kept at each site.";

    private static string Text(string inside, string outside = "") =>
        ContentExtractor.Extract(
            Encoding.UTF8.GetBytes(
                $"""
                <html><head><title>Report</title></head><body>
                <article><h1>Report on detention</h1>
                <p>{Prose}</p><p>{Prose.Replace("three", "four", StringComparison.Ordinal)}</p>
                {inside}
                <p>{Prose.Replace("year", "month", StringComparison.Ordinal)}</p>
                </article>{outside}</body></html>
                """),
            "text/html").Text;

    [Theory]
    [InlineData("<div class=\"comments-area\"><p>Great article, thanks! I fully agree with everything said here about the registers and the staff.</p></div>", "Great article")]
    [InlineData("<p>29.04.2020, 15:59 Uhr</p>", "15:59")]
    [InlineData("<p>January 28, 2018</p>", "January 28")]
    [InlineData("<p>Lea también: <a href=\"/otra\">El ministerio presenta su informe anual</a></p>", "Lea también")]
    [InlineData("<p><a href=\"/otra\">Read the other story of the week here</a></p>", "other story")]
    [InlineData("<p>Follow us on Twitter and Instagram for the latest news.</p>", "Follow us")]
    [InlineData("<p>© 2024 The Daily Record. All rights reserved.</p>", "All rights reserved")]
    [InlineData("<h3>Noticias relacionadas</h3><ul><li><a href=\"/a\">Una</a></li><li><a href=\"/b\">Otra</a></li></ul>", "Noticias relacionadas")]
    [InlineData("<figure><img src=\"a.jpg\"><figcaption>Photo: Agency staff</figcaption></figure>", "Photo: Agency")]
    public void Furniture_IsLeftOut(string furniture, string word)
    {
        var text = Text(furniture);

        Assert.Contains("four facilities", text, StringComparison.Ordinal);
        Assert.Contains("during the month", text, StringComparison.Ordinal);
        Assert.DoesNotContain(word, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<p>Véase <a href=\"https://example.org/informe\">el informe</a>.</p>", "Véase el informe.")]
    [InlineData("<p>El Ministerio suscribió un convenio con la Procuraduría el 3 de marzo.</p>", "suscribió un convenio")]
    [InlineData("<p>The Copyright Office rejected the claim, and the newspaper now has two million subscribers.</p>", "Copyright Office")]
    [InlineData("<p>You can download the application form from the registry.</p>", "application form")]
    [InlineData("<blockquote><p>We will not rest until every detainee is heard.</p><footer>Jane Doe, Minister of Health</footer></blockquote>", "Jane Doe, Minister of Health")]
    [InlineData("<h3>Recommended</h3><ul><li>Take two tablets daily with water.</li><li>Rest for a week.</li></ul>", "Take two tablets daily")]
    [InlineData("<h2>3.11.4</h2><p>The release fixes the parser.</p>", "3.11.4")]
    [InlineData("<h3>09:30</h3><p>Opening of the session by the chair.</p>", "09:30")]
    [InlineData("<p><a href=\"r1.pdf\">Resolución 123/2020</a></p><p><a href=\"r2.pdf\">Resolución 124/2020</a></p><p><a href=\"r3.pdf\">Resolución 125/2020</a></p>", "Resolución 124/2020")]
    [InlineData("<p>Expediente: <label>1234/2020</label></p>", "Expediente: 1234/2020")]
    public void TheSourcesOwnWords_Stay(string words, string expected)
    {
        Assert.Contains(expected, Text(words), StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpinionPiece_NamedCommentary_IsTheText()
    {
        var text = ContentExtractor.Extract(
            Encoding.UTF8.GetBytes(
                $"""
                <html><body><h1>Court ruling</h1>
                <div class="article-commentary"><p>{Prose}</p><p>{Prose}</p><p>{Prose}</p></div>
                <div class="sidebar"><a href="/x">Other</a></div></body></html>
                """),
            "text/html").Text;

        Assert.Contains("registers kept at each site", text, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfilePage_KeepsItsBio()
    {
        var text = ContentExtractor.Extract(
            Encoding.UTF8.GetBytes(
                """
                <html><body><nav><a href="/">Home</a><a href="/team">Team</a></nav>
                <h1>Dr. Ana Pérez</h1>
                <div class="bio"><p>Ana Pérez directs the documentation centre and has led its monitoring of detention since 2015.</p>
                <p>She previously worked for the national ombudsman's office on access to justice.</p></div>
                </body></html>
                """),
            "text/html").Text;

        Assert.Contains("directs the documentation centre", text, StringComparison.Ordinal);
    }
}
