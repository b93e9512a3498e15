using System.Net;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Tests.Http;

public sealed class CorsTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:Cors:Origins:0"] = "https://dashboard.example.org",
    ["Monitor:Cors:Origins:1"] = "http://localhost:3000/",
})
{
    private const string Dashboard = "https://dashboard.example.org";

    [Theory]
    [InlineData(Dashboard)]
    [InlineData("http://localhost:3000")]
    public async Task ReadFromAConfiguredOrigin_IsAllowedWithUsefulHeadersExposed(string origin)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/citations", origin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(origin, Header(response, "Access-Control-Allow-Origin"));
        var exposed = Header(response, "Access-Control-Expose-Headers")!.Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("Link", exposed);
        Assert.Contains("Memento-Datetime", exposed);
        Assert.Contains("Retry-After", exposed);
        Assert.Contains("Location", exposed);
        Assert.Contains("ETag", exposed);
    }

    [Fact]
    public async Task ReadFromAnotherOrigin_GetsNoCorsHeaders()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/citations", "https://elsewhere.example.net");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task PreflightOfARead_IsAnswered()
    {
        var response = await SendAsync(HttpMethod.Options, "/api/citations", Dashboard, requestMethod: "GET", requestHeaders: "accept-datetime");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Dashboard, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.DoesNotContain("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PreflightOfAWrite_IsNotAllowed()
    {
        var response = await SendAsync(HttpMethod.Options, "/api/documents", Dashboard, requestMethod: "POST", requestHeaders: "content-type,x-api-key");

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task WriteFromAConfiguredOrigin_GetsNoCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/citations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { url = "https://example.org/x" }),
        };
        request.Headers.Add("Origin", Dashboard);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task RefusedRead_StillTellsTheDashboard()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/citations?pageSize=501", Dashboard);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "pageSize");
        Assert.Equal(Dashboard, Header(response, "Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string origin, string? requestMethod = null, string? requestHeaders = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Origin", origin);
        if (requestMethod is not null)
        {
            request.Headers.Add("Access-Control-Request-Method", requestMethod);
        }

        if (requestHeaders is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        }

        return await Client.SendAsync(request);
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}

public sealed class NoCorsByDefaultTests : ApiTest
{
    [Fact]
    public async Task WithoutConfiguredOrigins_NoAnswerCarriesCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/citations");
        request.Headers.Add("Origin", "https://dashboard.example.org");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(CorsTests.Header(response, "Access-Control-Allow-Origin"));
    }
}

public sealed class CorsSettingsTests
{
    [Theory]
    [InlineData("dashboard.example.org")]
    [InlineData("https://dashboard.example.org/app")]
    [InlineData("ftp://dashboard.example.org")]
    public void AnOriginThatIsNoOrigin_StopsTheStartNamingTheKey(string origin)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Monitor:Cors:Origins:0"] = origin }).Build());
        services.AddReadCors();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ReadCorsOptions>>().Value);

        Assert.Contains("Monitor:Cors:Origins", failure.Message, StringComparison.Ordinal);
    }
}
