using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// Two API hosts over one database, as behind a load balancer: the Data Protection keys live in the database, so a
/// form's token and cookie from one host pass on the other, and so does a page session given by the other's key page,
/// unless the key it was given for is no longer configured there.
/// </summary>
public sealed class SharedDataProtectionTests
{
    [Fact]
    public async Task AFormFromOneHost_IsAcceptedByAnother()
    {
        await using var first = new MonitorApiFactory();
        await using var second = new MonitorApiFactory(new Dictionary<string, string?> { ["Monitor:DatabasePath"] = first.DatabasePath });
        var onFirst = new PageSession(PageSession.ClientFor(first));
        var token = await onFirst.TokenFromAsync("/add");

        var onSecond = onFirst.On(PageSession.ClientFor(second));
        var location = PageSession.SeeOther(await onSecond.PostFormAsync("/add/url", ("__token", token), ("url", "https://example.org/behind-a-balancer")));

        Assert.StartsWith("/citations/", location, StringComparison.Ordinal);
        using var seen = await first.CreateClient().GetAsync("/api" + location);
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal("https://example.org/behind-a-balancer", (await seen.ReadJsonAsync()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task ASessionGivenByOneHostsKeyPage_WritesThroughAnother()
    {
        var keys = new Dictionary<string, string?> { ["Monitor:ApiKeys:0"] = "shared-key-for-pages" };
        await using var first = new MonitorApiFactory(keys);
        await using var second = new MonitorApiFactory(new Dictionary<string, string?>(keys) { ["Monitor:DatabasePath"] = first.DatabasePath });
        var onFirst = new PageSession(PageSession.ClientFor(first));
        using (var signedIn = await onFirst.PostFormAsync("/key", ("__token", await onFirst.TokenFromAsync("/key")), ("key", "shared-key-for-pages"), ("returnUrl", "/add")))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var onSecond = onFirst.On(PageSession.ClientFor(second));
        var page = await onSecond.GetPageAsync("/add");
        Assert.Empty(Html.All(page.DocumentNode, "//main//a[starts-with(@href, '/key')]"));

        var location = PageSession.SeeOther(await onSecond.PostFormAsync(
            "/add/url", ("__token", PageSession.TokenOf(page)), ("url", "https://example.org/one-session"), ("quote", "kept by the second host")));

        var id = location["/citations/".Length..];
        var audit = await first.CreateClient().GetStringAsync($"/api/citations/{id}/audit");
        Assert.Contains("\"keyName\":\"Monitor:ApiKeys:0\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionForAKeyNoLongerConfigured_IsRefused()
    {
        await using var before = new MonitorApiFactory(new Dictionary<string, string?> { ["Monitor:ApiKeys:0"] = "key-before-rotation" });
        await using var after = new MonitorApiFactory(new Dictionary<string, string?>
        {
            ["Monitor:ApiKeys:0"] = "key-after-rotation",
            ["Monitor:DatabasePath"] = before.DatabasePath,
        });
        var browser = new PageSession(PageSession.ClientFor(before));
        using (var signedIn = await browser.PostFormAsync("/key", ("__token", await browser.TokenFromAsync("/key")), ("key", "key-before-rotation"), ("returnUrl", "/add")))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var rotated = browser.On(PageSession.ClientFor(after));
        var page = await rotated.GetPageAsync("/add");
        Assert.Single(Html.All(page.DocumentNode, "//main//a[@href='/key?returnUrl=/add']"));

        using var response = await rotated.PostFormAsync("/add/url", ("__token", PageSession.TokenOf(page)), ("url", "https://example.org/after-rotation"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await (await after.CreateClient().GetAsync("/api/citations")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }
}
