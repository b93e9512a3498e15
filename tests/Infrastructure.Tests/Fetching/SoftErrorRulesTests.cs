using System.Text;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

public sealed class SoftErrorRulesTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("", true)]
    [InlineData("/index.php", true)]
    [InlineData("/index.html", true)]
    [InlineData("/home", true)]
    [InlineData("/inicio/", true)]
    [InlineData("/es/", true)]
    [InlineData("/pt-br/inicio", true)]
    [InlineData("/informes/2019.pdf", false)]
    [InlineData("/es/informes", false)]
    [InlineData("/homenaje", false)]
    public void IsHomePath_RecognisesTypicalHomePages(string path, bool expected) =>
        Assert.Equal(expected, SoftErrorRules.IsHomePath(path));

    [Theory]
    [InlineData("<title>Informe 2040 sobre vivienda</title>")]
    [InlineData("<title>Informe</title><h1>Resultados de la búsqueda</h1>")]
    [InlineData("<p>not found</p>")]
    public void FindErrorHeading_OrdinaryPage_IsNull(string html) =>
        Assert.Null(SoftErrorRules.FindErrorHeading(Encoding.UTF8.GetBytes(html), "text/html"));

    [Fact]
    public void FindErrorHeading_PhraseBeyondInspectedPrefix_IsIgnored()
    {
        var html = new string(' ', 70 * 1024) + "<title>Page not found</title>";

        Assert.Null(SoftErrorRules.FindErrorHeading(Encoding.UTF8.GetBytes(html), "text/html"));
    }
}
