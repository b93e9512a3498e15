using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>Pages laid out with tables and no telling tag, id or class at all.</summary>
public sealed class UnnamedLayoutTests
{
    private const string Article =
        "<p>El Ministerio informó que, durante el operativo, un total de 1,250 personas fueron trasladadas a albergues temporales, " +
        "donde recibieron atención médica, alimentación y orientación legal por parte de las autoridades competentes.</p>" +
        "<p>Las organizaciones de la sociedad civil solicitaron acceso a los albergues, así como información pública sobre " +
        "los criterios aplicados para la detención y el traslado de las personas, incluidas niñas, niños y adolescentes.</p>";

    [Fact]
    public void TableLayoutWithoutNames_DropsItsMenuOfLinks()
    {
        var html = $"""
            <html><body><table>
            <tr><td>Ministerio del Interior</td></tr>
            <tr><td><a href="/">Inicio</a> | <a href="/noticias">Noticias</a> | <a href="/tramites">Trámites</a> | <a href="/transparencia">Transparencia</a> | <a href="/contacto">Contacto</a> | <a href="/mapa">Mapa del sitio</a></td></tr>
            <tr><td>{Article}</td></tr>
            </table></body></html>
            """;

        var text = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html").Text;

        Assert.Contains("1,250 personas fueron trasladadas", text, StringComparison.Ordinal);
        Assert.Contains("niñas, niños y adolescentes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Mapa del sitio", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Transparencia", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortNoticeInAnUnnamedTable_DropsTheMenuToo()
    {
        var html = """
            <html><body><table>
            <tr><td>Ministerio del Interior</td></tr>
            <tr><td><a href="/">Inicio</a> <a href="/noticias">Noticias</a> <a href="/tramites">Trámites</a> <a href="/transparencia">Transparencia</a> <a href="/contacto">Contacto</a> <a href="/mapa">Mapa del sitio</a></td></tr>
            <tr><td>Aviso: el protocolo de atención a migrantes rige desde el 15 de enero en todos los puestos fronterizos.</td></tr>
            </table></body></html>
            """;

        var text = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html").Text;

        Assert.Contains("el protocolo de atención a migrantes rige desde el 15 de enero", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Mapa del sitio", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RelatedNewsHeadingWithPlainTextItems_DropsTheListItOpens()
    {
        var html = $"""
            <html><body><main><h1>Traslado a albergues</h1>{Article}
            <h3>Noticias relacionadas</h3><ul><li>Lluvias en Oaxaca dejan tres muertos</li><li>Inicia temporada de huracanes</li></ul>
            </main></body></html>
            """;

        var text = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html").Text;

        Assert.Contains("1,250 personas fueron trasladadas", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Lluvias en Oaxaca", text, StringComparison.Ordinal);
        Assert.DoesNotContain("huracanes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PageThatIsAListOfDocuments_KeepsItsLinks()
    {
        var items = string.Concat(Enumerable.Range(1, 12).Select(i => $"<li><a href=\"/comunicados/{i}\">Comunicado {i:000}/2020 sobre personas migrantes</a></li>"));
        var html = $"<html><body><h1>Comunicados de prensa 2020</h1><ul>{items}</ul></body></html>";

        var text = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html").Text;

        Assert.Contains("Comunicado 001/2020 sobre personas migrantes", text, StringComparison.Ordinal);
        Assert.Contains("Comunicado 012/2020 sobre personas migrantes", text, StringComparison.Ordinal);
    }
}
