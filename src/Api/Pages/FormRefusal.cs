using Microsoft.AspNetCore.Antiforgery;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// The two checks every form post of the pages passes before it does anything: its anti-forgery token (a form posted
/// from another site, or from an expired page, gets a page saying so, 400), and who may write (with API keys
/// configured, a page session given for a key: otherwise the key page, 401; without keys, a client on this machine:
/// otherwise a page saying so, 403).
/// </summary>
internal static class FormRefusal
{
    /// <summary>
    /// Null when the post carries a valid anti-forgery token, else the page refusing it. <paramref name="returnUrl"/> is
    /// the page the form was sent from: the refusal's language switch goes there (a form's own address answers posts only).
    /// </summary>
    public static async Task<IResult?> CheckTokenAsync(HttpContext http, IAntiforgery antiforgery, string returnUrl = "/")
    {
        if (await antiforgery.IsRequestValidAsync(http))
        {
            return null;
        }

        return await RefuseAsync(http, returnUrl, StatusCodes.Status400BadRequest, "This form was not sent from this site",
            "The form had no valid anti-forgery token: it was posted from another site, or its page is too old. Open the page again and send the form from there.");
    }

    /// <summary>Who the form writes as, or the page refusing it.</summary>
    public static async Task<(string? Writer, IResult? Refusal)> CheckAsync(HttpContext http, IAntiforgery antiforgery, string returnUrl)
    {
        var back = Pages.LocalOrHome(returnUrl);
        if (await CheckTokenAsync(http, antiforgery, back) is { } refused)
        {
            return (null, refused);
        }

        if (await Pages.WriterAsync(http) is { } writer)
        {
            return (writer, null);
        }

        var frame = await FrameAsync(http, back);
        return frame.KeysConfigured
            ? (null, Pages.Render<KeyPage>(
                http,
                new Dictionary<string, object?> { ["Frame"] = frame, ["ReturnUrl"] = back, ["Missing"] = true },
                StatusCodes.Status401Unauthorized))
            : (null, await RefuseAsync(http, back, StatusCodes.Status403Forbidden, "Changes only from this machine",
                "Until API keys are configured (Monitor:ApiKeys), the monitor accepts changes only from a browser on the machine it runs on."));
    }

    private static async Task<IResult> RefuseAsync(HttpContext http, string returnUrl, int status, string title, string detail) =>
        Pages.Render<RefusedPage>(
            http,
            new Dictionary<string, object?> { ["Frame"] = await FrameAsync(http, returnUrl), ["Heading"] = title, ["Detail"] = detail },
            status);

    /// <summary>The frame of a page answering a post, as if it were the page the form was sent from.</summary>
    private static async Task<PageFrame> FrameAsync(HttpContext http, string returnUrl) =>
        await Pages.FrameAsync(http) with { PathAndQuery = Pages.LocalOrHome(returnUrl) };
}
