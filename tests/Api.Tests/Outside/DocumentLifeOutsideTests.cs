using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>A document corrected with <c>PATCH</c> and retired with <c>DELETE</c>: still readable, its own sources retired with it, the shared ones kept.</summary>
public sealed class DocumentLifeOutsideTests : OutsideApiTest
{
    private const string OnlyHere = "https://solo.example.org/informe.html";
    private const string Shared = "https://compartida.example.org/comunicado.html";
    private const string OnItsOwn = "https://propia.example.org/sentencia.html";

    [Fact]
    public async Task PatchingADocument_CorrectsItsTitleDateAndAddress_AndNullClearsThem()
    {
        var id = (await UploadCreatedAsync(ReferenceExportOutsideTests.Bibtex(), "refs.bib", ("title", "Borrador"))).GetProperty("id").GetInt64();

        var corrected = await PatchJsonAsync($"/api/documents/{id}", new { title = "Fuentes del informe", publishedAt = "2021-01-25T00:00:00Z", sourceUrl = "https://ong.example.org/informe" });

        Assert.Equal("Fuentes del informe", corrected.GetProperty("title").GetString());
        Assert.Equal(new DateTimeOffset(2021, 1, 25, 0, 0, 0, TimeSpan.Zero), Time(corrected, "publishedAt"));
        Assert.Equal("https://ong.example.org/informe", Text(corrected, "sourceUrl"));
        Assert.Equal("Fuentes del informe", (await GetJsonAsync($"/api/documents/{id}")).GetProperty("title").GetString());
        Assert.Equal("bibtex", corrected.GetProperty("kind").GetString());
        Assert.Equal(2, corrected.GetProperty("citationCount").GetInt32());

        var cleared = await PatchJsonAsync($"/api/documents/{id}", new Dictionary<string, object?> { ["sourceUrl"] = null, ["publishedAt"] = null });
        Assert.Null(Text(cleared, "sourceUrl"));
        Assert.Null(Time(cleared, "publishedAt"));
        Assert.Equal("Fuentes del informe", cleared.GetProperty("title").GetString());
    }

    [Fact]
    public async Task PatchingADocumentWithABadAddressOrDate_Is400NamingTheField_AndAnUnknownDocumentIs404()
    {
        var id = (await UploadCreatedAsync(ReferenceExportOutsideTests.Bibtex(), "refs.bib")).GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await Client.PatchAsync($"/api/documents/{id}", JsonContent.Create(new { sourceUrl = "no es una dirección" })), HttpStatusCode.BadRequest, "sourceUrl");
        await ProblemAssert.IsProblemAsync(await Client.PatchAsync($"/api/documents/{id}", JsonContent.Create(new { publishedAt = "ayer" })), HttpStatusCode.BadRequest, "publishedAt");
        await ProblemAssert.IsProblemAsync(await Client.PatchAsync("/api/documents/999", JsonContent.Create(new { title = "x" })), HttpStatusCode.NotFound);
        Assert.Equal("refs.bib", (await GetJsonAsync($"/api/documents/{id}")).GetProperty("title").GetString());
    }

    [Fact]
    public async Task DeletingADocument_RetiresItAndTheSourcesOnlyItCites_AndKeepsItReadable()
    {
        var ownId = (await PostJsonAsync("/api/citations", new { url = OnItsOwn }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        var retiring = await PostJsonAsync("/api/documents", new { title = "Informe retirado", text = $"Fuentes: {OnlyHere} y {Shared} y {OnItsOwn}." }, HttpStatusCode.Created);
        var staying = await PostJsonAsync("/api/documents", new { title = "Informe vigente", text = $"Fuente: {Shared}." }, HttpStatusCode.Created);
        var id = retiring.GetProperty("id").GetInt64();
        var onlyHereId = PlaceOf(retiring, OnlyHere).GetProperty("id").GetInt64();

        var response = await Client.DeleteAsync($"/api/documents/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var document = await GetJsonAsync($"/api/documents/{id}");
        Assert.True(document.GetProperty("retired").GetBoolean());
        Assert.NotNull(Time(document, "retiredAt"));
        Assert.Equal(3, Places(document).Count);
        Assert.True(PlaceOf(document, OnlyHere).GetProperty("retired").GetBoolean());
        Assert.False(PlaceOf(document, Shared).GetProperty("retired").GetBoolean());
        Assert.False(PlaceOf(document, OnItsOwn).GetProperty("retired").GetBoolean());
        Assert.False((await GetJsonAsync($"/api/citations/{ownId}")).GetProperty("retired").GetBoolean());

        Assert.Equal([staying.GetProperty("id").GetInt64()], Ids(await GetJsonAsync("/api/documents")));
        Assert.Equal([id], Ids(await GetJsonAsync("/api/documents?retired=true")));
        Assert.DoesNotContain(onlyHereId, Ids(await GetJsonAsync("/api/citations")));
        Assert.Equal([onlyHereId], Ids(await GetJsonAsync("/api/citations?retired=true")));

        var audit = (await GetJsonAsync($"/api/citations/{onlyHereId}/audit")).GetProperty("items")[0];
        Assert.Equal("retired", audit.GetProperty("field").GetString());
        Assert.Equal(id, audit.GetProperty("documentId").GetInt64());
    }

    [Fact]
    public async Task DeletingADocumentTwiceOrAnUnknownOne_ChangesNothingMoreOr404()
    {
        var id = (await PostJsonAsync("/api/documents", new { title = "Nota", text = $"Fuente: {OnlyHere}." }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/documents/{id}")).StatusCode);

        var again = await Client.DeleteAsync($"/api/documents/{id}");

        Assert.True(again.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.Conflict, $"answered {(int)again.StatusCode}");
        await ProblemAssert.IsProblemAsync(await Client.DeleteAsync("/api/documents/999"), HttpStatusCode.NotFound);
        Assert.True((await GetJsonAsync($"/api/documents/{id}")).GetProperty("retired").GetBoolean());
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())];
}
