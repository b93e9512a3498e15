using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// What every page needs to draw its frame: the language, where it is (for the language switch and the key page's way
/// back), the anti-forgery token its forms carry, and who may write from it.
/// </summary>
/// <param name="Culture">The page's language, <c>en</c> or <c>es</c>.</param>
/// <param name="PathAndQuery">The page's own local address.</param>
/// <param name="Token">The anti-forgery token for the page's forms (field <see cref="PagesSetup.AntiforgeryField"/>).</param>
/// <param name="Writer">Who the pages' forms write as (the key's name, or <c>local</c>); null when they may not write.</param>
/// <param name="KeysConfigured">API keys are configured: writing from the pages takes a key, asked for once.</param>
public sealed record PageFrame(string Culture, string PathAndQuery, string Token, string? Writer, bool KeysConfigured)
{
    public bool CanWrite => Writer is not null;
}

/// <summary>Builds a page's frame, decides who may post the pages' forms, and renders a page with the pages' headers.</summary>
internal static class Pages
{
    private const string UserBeforeSession = "monitor-pages:user-before-session";

    private const string KeyFingerprintClaim = "monitor-pages:key-fingerprint";

    /// <summary>
    /// Who may post the pages' forms: with API keys configured, a browser whose session cookie was given for a key that
    /// is still configured, unchanged, at the same place (<c>/key</c>; a key removed or replaced ends its sessions);
    /// without keys, a client on this machine, as for the API. Sets <see cref="HttpContext.User"/> to the writer, so that
    /// audits name the key. Null when the request may not write.
    /// </summary>
    /// <remarks>
    /// The user the API's own scheme found stays in <see cref="HttpContext.Items"/>: anti-forgery tokens are bound to
    /// it (see <see cref="FrameAsync"/>), since the pages' next form post is checked before the session is read.
    /// </remarks>
    public static async Task<string?> WriterAsync(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<IOptionsMonitor<MonitorOptions>>().CurrentValue.ApiKeys;
        if (!ApiKeyAuthenticationHandler.KeysConfigured(keys))
        {
            return ApiKeyAuthenticationHandler.LocalWriter(http);
        }

        var session = await http.AuthenticateAsync(PagesSetup.CookieScheme);
        if (session.Succeeded && session.Principal.Identity?.Name is { } name && StillConfigured(session.Principal, keys))
        {
            http.Items.TryAdd(UserBeforeSession, http.User);
            http.User = session.Principal;
            return name;
        }

        return null;
    }

    public static async Task<PageFrame> FrameAsync(HttpContext http)
    {
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName ?? PagesSetup.Cultures[0];
        var tokens = TokensFor(http);
        var keys = http.RequestServices.GetRequiredService<IOptionsMonitor<MonitorOptions>>().CurrentValue.ApiKeys;
        return new PageFrame(
            culture,
            http.Request.Path + http.Request.QueryString,
            tokens.RequestToken ?? "",
            await WriterAsync(http),
            ApiKeyAuthenticationHandler.KeysConfigured(keys));
    }

    /// <summary>
    /// The anti-forgery tokens for the page's forms, bound to the user the next post is checked as: the one the API's
    /// own scheme finds, before <see cref="WriterAsync"/> signs the session in (a page rendered in answer to a post,
    /// after the session was read, would otherwise carry a token its next post fails).
    /// </summary>
    private static AntiforgeryTokenSet TokensFor(HttpContext http)
    {
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!http.Items.TryGetValue(UserBeforeSession, out var before) || before is not ClaimsPrincipal checkedAs)
        {
            return antiforgery.GetAndStoreTokens(http);
        }

        var signedIn = http.User;
        http.User = checkedAs;
        try
        {
            return antiforgery.GetAndStoreTokens(http);
        }
        finally
        {
            http.User = signedIn;
        }
    }

    /// <summary>A page: the component with its parameters, under the pages' Content-Security-Policy, never cached by proxies.</summary>
    public static RazorComponentResult<TPage> Render<TPage>(HttpContext http, IReadOnlyDictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        http.Response.Headers.ContentSecurityPolicy = PagesSetup.ContentSecurityPolicy;
        http.Response.Headers.CacheControl = "no-cache, private";
        return new RazorComponentResult<TPage>(parameters) { StatusCode = status };
    }

    /// <summary>The page for an id that names nothing: 404, saying what was not found (in <paramref name="frame"/>, else this request's).</summary>
    public static async Task<IResult> NotFoundAsync(HttpContext http, string heading, string detail, PageFrame? frame = null) =>
        Render<RefusedPage>(
            http,
            new Dictionary<string, object?> { ["Frame"] = frame ?? await FrameAsync(http), ["Heading"] = heading, ["Detail"] = detail },
            StatusCodes.Status404NotFound);

    /// <summary>The not-found page of a source.</summary>
    public static Task<IResult> SourceNotFoundAsync(HttpContext http, PageFrame? frame = null) =>
        NotFoundAsync(http, "Source not found", "No source has this id.", frame);

    /// <summary>A local address to come back to: only a path on this site (never <c>//host</c> nor <c>/\host</c>), else home.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";

    /// <summary>
    /// A session for the key at <paramref name="index"/> of <c>Monitor:ApiKeys</c>: its name, as the API's audit names
    /// keys, and a fingerprint of the key (inside the protected cookie only), by which a key since removed or replaced
    /// is told apart.
    /// </summary>
    public static ClaimsPrincipal PrincipalFor(int index, string key) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, ApiKeyAuthenticationHandler.KeyName(index)), new Claim(KeyFingerprintClaim, Fingerprint(key))],
            PagesSetup.CookieScheme));

    /// <summary>The session's key is configured now, at the place it was given for.</summary>
    private static bool StillConfigured(ClaimsPrincipal session, IReadOnlyList<string> keys)
    {
        var name = session.Identity?.Name;
        var fingerprint = Convert.FromBase64String(session.FindFirst(KeyFingerprintClaim)?.Value ?? "");
        for (var i = 0; i < keys.Count; i++)
        {
            if (!string.IsNullOrEmpty(keys[i]) && ApiKeyAuthenticationHandler.KeyName(i) == name)
            {
                return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(Fingerprint(keys[i])), fingerprint);
            }
        }

        return false;
    }

    private static string Fingerprint(string key) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("monitor-session:" + key)));

    /// <summary>Formats with the page's culture.</summary>
    public static string Format(FormattableString text) => text.ToString(CultureInfo.CurrentCulture);
}
