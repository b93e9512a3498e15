using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// First, basic judgement of a 2xx answer that is really an error: a deep link sent to the home page,
/// a login page, or an error template. A fuller analysis of the page comes later.
/// </summary>
internal static partial class SoftErrorRules
{
    private const int InspectedBytes = 64 * 1024;

    private static readonly HashSet<string> HomePaths = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "/index.php", "/index.html", "/index.htm", "/index.asp", "/index.aspx", "/default.asp", "/default.aspx",
        "/home", "/inicio", "/portada", "/accueil", "/inicio.html", "/home.html",
    };

    private static readonly HashSet<string> LoginSegments = new(StringComparer.OrdinalIgnoreCase)
    {
        "login", "log-in", "signin", "sign-in", "sign_in", "logon", "wp-login.php", "login.php", "login.aspx",
        "iniciar-sesion", "iniciar_sesion", "acceso", "ingresar", "entrar", "connexion", "sso",
    };

    public readonly record struct Verdict(CheckStatus Status, string? Reason, string? Error);

    /// <summary>Judges a 2xx answer; <see cref="CheckStatus.Ok"/> when nothing looks wrong.</summary>
    public static Verdict Judge(Uri requested, Uri final, int redirects, string? contentType, byte[]? body)
    {
        if (redirects > 0 && IsLoginPath(final.AbsolutePath) && !IsLoginPath(requested.AbsolutePath))
        {
            return new(CheckStatus.Blocked, FetchReasons.LoginWall, "redirected to a login page");
        }

        if (redirects > 0 && IsHomePath(final.AbsolutePath) && !IsHomePath(requested.AbsolutePath))
        {
            return new(CheckStatus.Soft404, FetchReasons.RedirectedToHome, "redirected to the home page");
        }

        if (body is { Length: > 0 } && IsHtml(contentType) && FindErrorHeading(body, contentType) is { } heading)
        {
            return new(CheckStatus.Soft404, FetchReasons.ErrorPhrase, $"error page: \"{heading}\"");
        }

        return new(CheckStatus.Ok, null, null);
    }

    /// <summary>"/", empty, a typical index file, or one of those under a language prefix such as "/es/".</summary>
    internal static bool IsHomePath(string path)
    {
        var trimmed = path.TrimEnd('/');
        var withoutLanguage = LanguagePrefix().Replace(trimmed, "");
        return HomePaths.Contains(trimmed) || HomePaths.Contains(withoutLanguage);
    }

    private static bool IsLoginPath(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Any(LoginSegments.Contains);

    private static bool IsHtml(string? contentType) =>
        contentType is null || contentType.Contains("html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The page's title or first h1 when it carries a not-found phrase, else null.</summary>
    internal static string? FindErrorHeading(byte[] body, string? contentType)
    {
        var text = Decode(body.AsSpan(0, Math.Min(body.Length, InspectedBytes)), contentType);
        foreach (var match in new[] { TitleElement().Match(text), HeadingElement().Match(text) })
        {
            if (!match.Success)
            {
                continue;
            }

            var heading = Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(match.Groups[1].Value, " ")), " ").Trim();
            if (NotFoundPhrase().IsMatch(heading))
            {
                return heading.Length <= 120 ? heading : heading[..120];
            }
        }

        return null;
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string? contentType)
    {
        var charset = MediaTypeHeaderValue.TryParse(contentType, out var mediaType) ? mediaType.CharSet?.Trim('"') : null;
        var encoding = charset switch
        {
            null or "" => Encoding.UTF8,
            _ when charset.Contains("8859-1", StringComparison.Ordinal) || charset.Contains("1252", StringComparison.Ordinal)
                || charset.Equals("latin1", StringComparison.OrdinalIgnoreCase) => Encoding.Latin1,
            _ => Encoding.UTF8,
        };

        // Invalid sequences become U+FFFD: a page in a mislabelled charset still gets judged.
        return encoding.GetString(bytes);
    }

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 200)]
    private static partial Regex TitleElement();

    [GeneratedRegex(@"<h1\b[^>]*>(.*?)</h1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 200)]
    private static partial Regex HeadingElement();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 200)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^/[a-z]{2}(?:[-_][a-z]{2})?(?=/|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex LanguagePrefix();

    [GeneratedRegex(
        @"(?<!\w)(?:p[áa]gina no encontrada|no existe|page not found|not found|error 404|404|p[áa]gina n[ãa]o encontrada|page introuvable|introuvable)(?!\w)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 200)]
    private static partial Regex NotFoundPhrase();
}
