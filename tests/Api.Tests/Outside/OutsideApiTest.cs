using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// An <see cref="ApiTest"/> spoken to only as a user would: files posted as forms, answers read as JSON, and what is
/// stored read back through the API.
/// </summary>
public abstract class OutsideApiTest(IDictionary<string, string?>? settings = null) : ApiTest(settings)
{
    /// <summary>Posts <paramref name="bytes"/> as the form part <c>file</c> named <paramref name="name"/>, with the other fields given.</summary>
    protected async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string name, params (string Name, string Value)[] fields)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        return await Client.PostAsync("/api/documents", form);
    }

    /// <summary>Uploads a file that must be taken: 201, and the Document answered.</summary>
    protected async Task<JsonElement> UploadCreatedAsync(byte[] bytes, string name, params (string Name, string Value)[] fields)
    {
        var response = await UploadAsync(bytes, name, fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload of {name} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected async Task<JsonElement> PatchJsonAsync(string path, object body)
    {
        var response = await Client.PatchAsync(path, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> PostJsonAsync(string path, object body, HttpStatusCode expected)
    {
        var response = await Client.PostJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path} answered {(int)response.StatusCode}, not {(int)expected}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The places of a Document answer, in citing order.</summary>
    protected static List<JsonElement> Places(JsonElement document) => [.. document.GetProperty("citations").EnumerateArray()];

    /// <summary>The place of the source whose normalized URL is <paramref name="url"/>; fails naming the ones there are.</summary>
    protected static JsonElement PlaceOf(JsonElement document, string url)
    {
        var places = Places(document);
        var matching = places.Where(p => p.GetProperty("normalizedUrl").GetString() == url).ToList();
        Assert.True(matching.Count == 1, $"expected one place for {url}, found {matching.Count} among: {string.Join(", ", places.Select(p => p.GetProperty("normalizedUrl").GetString()))}");
        return matching[0];
    }

    protected static List<string> NormalizedUrls(JsonElement document) =>
        [.. Places(document).Select(p => p.GetProperty("normalizedUrl").GetString()!).Order(StringComparer.Ordinal)];

    protected static List<(string Text, string Reason)> Skipped(JsonElement document) =>
        [.. document.GetProperty("skipped").EnumerateArray().Select(s => (s.GetProperty("text").GetString()!, s.GetProperty("reason").GetString()!))];

    protected static string? Text(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    protected static DateTimeOffset? Time(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetDateTimeOffset();

    /// <summary>No document, source or upload snapshot was stored: the API lists nothing, retired or not, and the watch list is empty.</summary>
    protected async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, (await GetJsonAsync("/api/documents")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("/api/documents?retired=true")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("/api/citations")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("/api/citations?retired=true")).GetProperty("total").GetInt32());
        var watchlist = await GetJsonAsync("/api/export/watchlist");
        Assert.Empty(watchlist.GetProperty("documents").EnumerateArray());
        Assert.Empty(watchlist.GetProperty("citations").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/snapshots/1"), HttpStatusCode.NotFound);
    }
}
