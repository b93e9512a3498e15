using System.Net;
using System.Net.Http.Headers;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// The verdict on a source the document page shows, after a real check of a loopback page that answers 404: in the
/// page's language, while the JSON report of the same document keeps its English whatever the browser asks.
/// </summary>
public sealed class DocumentPageVerdictsTests : SiteApiTest
{
    [Fact]
    public async Task ASpanishPage_ShowsTheVerdictInSpanish_AndTheJsonReportKeepsItsEnglish()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Informe sobre detenciones",
            text = $"El registro ({Site.Url("/missing")}) se cita aquí.",
        })).ReadJsonAsync();
        var id = document.GetProperty("id").GetInt64();
        var citation = document.GetProperty("citations")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{citation}/check", null)).StatusCode);

        var spanish = await VerdictOnThePageAsync($"/documents/{id}", "es-MX");
        Assert.StartsWith("La última comprobación falló: el servidor responde 404 Not Found. 1 comprobación falló el ", spanish, StringComparison.Ordinal);
        Assert.EndsWith(
            ", pero aún no se considera rota (para eso hacen falta 3 comprobaciones fallidas seguidas durante al menos 2 días). "
            + "Nunca se ha podido alcanzar.",
            spanish,
            StringComparison.Ordinal);

        Assert.StartsWith(
            "The last check failed: the server answers 404 Not Found. 1 check in a row failed since ",
            await VerdictOnThePageAsync($"/documents/{id}", "en"),
            StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{id}/report");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("es"));
        using var response = await Client.SendAsync(request);
        var report = await response.ReadJsonAsync();
        var english = report.GetProperty("citations")[0].GetProperty("verdict").GetString();
        Assert.StartsWith("The last check failed: the server answers 404 Not Found. 1 check in a row failed since ", english, StringComparison.Ordinal);
        Assert.EndsWith(
            ", not yet broken (that takes 3 failed checks in a row over at least 2 days). It has never been reached.", english, StringComparison.Ordinal);
    }

    private async Task<string> VerdictOnThePageAsync(string path, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlDocument();
        page.LoadHtml(await response.Content.ReadAsStringAsync());
        return HtmlEntity.DeEntitize(Html.One(page.DocumentNode, "//span[@class='verdict']").InnerText);
    }
}
