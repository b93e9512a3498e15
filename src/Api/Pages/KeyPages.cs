using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// The key page: with API keys configured, the pages ask for one once and keep who it is in the session cookie
/// (HttpOnly, SameSite=Strict, protected by Data Protection), which authenticates the pages' own form posts only.
/// </summary>
internal static class KeyPages
{
    /// <summary>The most a key form's body takes: the token, a key, the way back.</summary>
    public const long FormBytes = 16 * 1024;

    public static void MapKeyPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/key", AskForKey);
        pages.MapPost("/key", SignIn).DisableAntiforgery().WithBodyLimit(FormBytes);
        pages.MapPost("/key/forget", SignOut).DisableAntiforgery().WithBodyLimit(FormBytes);
    }

    private static async Task<IResult> AskForKey(HttpContext http, string? returnUrl) =>
        Pages.Render<KeyPage>(http, new Dictionary<string, object?>
        {
            ["Frame"] = await Pages.FrameAsync(http),
            ["ReturnUrl"] = Pages.LocalOrHome(returnUrl),
        });

    private static async Task<IResult> SignIn(HttpContext http, IOptionsMonitor<MonitorOptions> options, IAntiforgery antiforgery)
    {
        if (await FormRefusal.CheckTokenAsync(http, antiforgery) is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = Pages.LocalOrHome(form["returnUrl"]);
        var keys = options.CurrentValue.ApiKeys;
        var index = ApiKeyAuthenticationHandler.MatchingKey(keys, form["key"].ToString());
        if (index < 0)
        {
            return Pages.Render<KeyPage>(
                http,
                new Dictionary<string, object?>
                {
                    ["Frame"] = await Pages.FrameAsync(http) with { PathAndQuery = $"/key?returnUrl={Uri.EscapeDataString(returnUrl)}" },
                    ["ReturnUrl"] = returnUrl,
                    ["Refused"] = true,
                },
                StatusCodes.Status401Unauthorized);
        }

        await http.SignInAsync(PagesSetup.CookieScheme, Pages.PrincipalFor(index, keys[index]));
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery)
    {
        if (await FormRefusal.CheckTokenAsync(http, antiforgery) is { } refused)
        {
            return refused;
        }

        await http.SignOutAsync(PagesSetup.CookieScheme);
        return Results.LocalRedirect("/");
    }
}
