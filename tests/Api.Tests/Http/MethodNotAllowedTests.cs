using System.Net;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

public sealed class MethodNotAllowedTests : ApiTest
{
    [Theory]
    [InlineData("DELETE", "/api/summary", "GET, HEAD", "This resource allows GET and HEAD.")]
    [InlineData("PUT", "/api/citations/1", "DELETE, GET, HEAD, PATCH", "This resource allows DELETE, GET, HEAD and PATCH.")]
    [InlineData("DELETE", "/api/citations", "GET, HEAD, POST", "This resource allows GET, HEAD and POST.")]
    [InlineData("GET", "/api/backups", "POST", "This resource allows POST only.")]
    public async Task AMethodTheResourceDoesNotAllow_IsAProblemWhoseDetailNamesTheMethodsItAllows(
        string method, string url, string allow, string detail)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.7");

        using var response = await Client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }
}
