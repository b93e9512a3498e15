using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>
/// The harness hears what it is meant to: pages on a loopback server that break their Content-Security-Policy, log
/// errors, throw, open a dialog or fail axe, so a quiet and accessible page in the other tests means one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HarnessTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private const string Policy = "default-src 'none'; style-src 'unsafe-inline'";

    private LoopbackServer _pages = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _pages = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/blocked", (HttpContext context) =>
            {
                context.Response.Headers.ContentSecurityPolicy = Policy;
                return Results.Content(
                    """<!doctype html><html lang="en"><head><title>Blocked</title></head><body><main><img src="/pixel.png" alt="pixel"><script>alert(1)</script></main></body></html>""",
                    "text/html; charset=utf-8");
            });
            app.MapGet("/noisy", () => Results.Content(
                """<!doctype html><html lang="en"><head><title>Noisy</title></head><body><main><script>console.error("broken"); alert("hello"); setTimeout(() => { throw new Error("thrown"); });</script></main></body></html>""",
                "text/html; charset=utf-8"));
            app.MapGet("/unlabelled", () => Results.Content(
                """<!doctype html><html lang="en"><head><title>Unlabelled</title></head><body><main><button id="go"></button></main></body></html>""",
                "text/html; charset=utf-8"));
        });
    }

    public override async Task DisposeAsync()
    {
        await _pages.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task PageWatch_HearsTheViolations_WhenThePolicyBlocksAScriptAndAnImage()
    {
        await Page.GotoAsync(_pages.Url("/blocked"));

        await HeardAsync(() => Watch.CspViolations.Count >= 2);
        Assert.Contains(Watch.CspViolations, v => v.Contains("script", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(Watch.CspViolations, v => v.Contains("img-src", StringComparison.OrdinalIgnoreCase) || v.Contains("image", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Watch.Dialogs);
        var failure = Assert.ThrowsAny<XunitException>(Watch.AssertQuiet);
        Assert.Contains("Content-Security-Policy violations:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageWatch_HearsConsoleErrorsUncaughtErrorsAndDialogs()
    {
        await Page.GotoAsync(_pages.Url("/noisy"));

        await HeardAsync(() => Watch.PageErrors.Count > 0);
        Assert.Equal(["alert: hello"], Watch.Dialogs);
        Assert.Contains(Watch.ConsoleErrors, e => e.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(Watch.PageErrors, e => e.Contains("thrown", StringComparison.Ordinal));
        var failure = Assert.ThrowsAny<XunitException>(Watch.AssertQuiet);
        Assert.Contains("alert: hello", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accessibility_FailsOnACriticalViolation_NamingRuleImpactTargetAndHelp()
    {
        await Page.GotoAsync(_pages.Url("/unlabelled"));

        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => AssertAccessibleAsync(Page));

        Assert.Contains("- button-name (critical): Buttons must have discernible text; at #go", failure.Message, StringComparison.Ordinal);
    }

    private static async Task HeardAsync(Func<bool> condition) =>
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(5)), "Nothing heard within 5 s.");
}
