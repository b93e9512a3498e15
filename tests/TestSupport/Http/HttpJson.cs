using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.TestSupport.Hosts;

namespace CitationMonitor.TestSupport.Http;

/// <summary>JSON in and out of the API in the web defaults the API uses.</summary>
internal static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, MonitorApiFactory.Json);
}
