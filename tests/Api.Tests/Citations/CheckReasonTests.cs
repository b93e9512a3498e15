using System.Net;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>Why the monitor believes what it says: <c>reason</c> on every Check, <c>lastReason</c> on the Citation.</summary>
public sealed class CheckReasonTests : ApiTest
{
    private LoopbackServer _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A site that answers every unknown path with the same 200 page, echoing the path.
        _site = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/press/statement", () => Results.Content(
                    "<html><head><title>Press statement</title></head><body><main><p>The commission recorded forty cases of "
                    + "arbitrary detention in January, most of them of people travelling with the caravan.</p></main></body></html>",
                    "text/html; charset=utf-8"));
                app.MapGet("/private", () => Results.StatusCode(403));
                app.MapFallback((HttpContext context) => Results.Content(
                    $"<html><head><title>Portal</title></head><body><main><p>La dirección {WebUtility.HtmlEncode(context.Request.Path)} no "
                    + "corresponde a ningún contenido de este portal. Puede volver a la portada o usar el buscador.</p></main></body></html>",
                    "text/html; charset=utf-8"));
            },
            address: IPAddress.Parse("127.0.0.5"));
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task HostNotFoundTemplate_IsTheReasonOnCheckAndCitation()
    {
        var id = await AddAsync(_site.Url("/press/2019/removed"));

        var check = await CheckAsync(id);

        Assert.Equal("soft_404", check.GetProperty("status").GetString());
        Assert.Equal("host_not_found_template", check.GetProperty("reason").GetString());
        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("host_not_found_template", citation.GetProperty("lastReason").GetString());
        var listed = (await (await Client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal("host_not_found_template", listed.GetProperty("reason").GetString());
    }

    [OnBothDatabases]
    public async Task StatusAnswer_IsTheReason_AndAnOkCheckHasNone()
    {
        var blocked = await CheckAsync(await AddAsync(_site.Url("/private")));
        var ok = await CheckAsync(await AddAsync(_site.Url("/press/statement")));

        Assert.Equal(("blocked", "http_403"), (blocked.GetProperty("status").GetString(), blocked.GetProperty("reason").GetString()));
        Assert.Equal("ok", ok.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("reason").ValueKind);
    }

    private async Task<JsonElement> CheckAsync(long id)
    {
        var response = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<long> AddAsync(string url) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();
}
