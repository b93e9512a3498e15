using Microsoft.Playwright;

namespace CitationMonitor.Browser.Tests.Sources;

/// <summary>
/// The browser asks every page's host for <c>/favicon.ico</c> on its own, after the page has loaded, and logs the 404 as
/// a console error whenever the answer comes before a test's last look. The pages name no icon, so the request is
/// answered here, in the browser, with an empty one.
/// </summary>
internal static class Icons
{
    public static Task AnswerAsync(IBrowserContext context) =>
        context.RouteAsync("**/favicon.ico", route => route.FulfillAsync(new RouteFulfillOptions { Status = 204 }));
}
