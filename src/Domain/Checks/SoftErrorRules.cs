using System.Net;
using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// Judgement of answers that are not what their status says: a 2xx that is really an error (a deep link sent to
/// the home page, a login page, an error template), and a bot challenge served with any status.
/// </summary>
public static partial class SoftErrorRules
{
    /// <summary>A main text of at most this many words is short enough to be judged by its sentences.</summary>
    internal const int ShortBodyWords = 80;

    /// <summary>Lines of a short main text looked at: an error page says so at the top.</summary>
    private const int ShortBodyLines = 4;

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

    /// <summary>
    /// A bot challenge (a JavaScript or captcha page put in front of the real one) says nothing about the source:
    /// the monitor could not look. Recognised by the header some CDNs send and by the markers of common challenge pages.
    /// </summary>
    public static SoftErrorVerdict? DetectChallenge(IReadOnlyDictionary<string, string> headers, string? contentType, byte[]? body)
    {
        using var head = PageHead.Of(contentType, body);
        return DetectChallenge(headers, head);
    }

    /// <inheritdoc cref="DetectChallenge(IReadOnlyDictionary{string, string}, string, byte[])"/>
    public static SoftErrorVerdict? DetectChallenge(IReadOnlyDictionary<string, string> headers, PageHead? head)
    {
        try
        {
            return DetectChallengeIn(headers, head);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static SoftErrorVerdict? DetectChallengeIn(IReadOnlyDictionary<string, string> headers, PageHead? head)
    {
        if (headers.TryGetValue("cf-mitigated", out var mitigated) && mitigated.Contains("challenge", StringComparison.OrdinalIgnoreCase))
        {
            return new(CheckStatus.Blocked, CheckReasons.BotChallenge, "bot challenge (cf-mitigated)");
        }

        if (head is null)
        {
            return null;
        }

        foreach (var marker in ChallengeMarker().EnumerateMatches(head.Text))
        {
            return new(CheckStatus.Blocked, CheckReasons.BotChallenge, $"bot challenge ({head.Text.Slice(marker.Index, marker.Length)})");
        }

        return Title(head) is { Found: true } title && ChallengeTitle().IsMatch(Normalize(title.Inner))
            ? new(CheckStatus.Blocked, CheckReasons.BotChallenge, $"bot challenge: \"{Normalize(title.Inner)}\"")
            : null;
    }

    /// <summary>Judges a 2xx answer; <see cref="CheckStatus.Ok"/> when nothing looks wrong.</summary>
    public static SoftErrorVerdict Judge(Uri requested, Uri final, int redirects, string? contentType, byte[]? body)
    {
        using var head = PageHead.Of(contentType, body);
        return Judge(requested, final, redirects, head);
    }

    /// <inheritdoc cref="Judge(Uri, Uri, int, string, byte[])"/>
    public static SoftErrorVerdict Judge(Uri requested, Uri final, int redirects, PageHead? head)
    {
        try
        {
            return JudgeBody(requested, final, redirects, head);
        }
        catch (RegexMatchTimeoutException)
        {
            // A page built to stall the judging regexes is judged by its status alone.
            return new(CheckStatus.Ok, null, null);
        }
    }

    private static SoftErrorVerdict JudgeBody(Uri requested, Uri final, int redirects, PageHead? head)
    {
        if (redirects > 0 && IsLoginPath(final.AbsolutePath) && !IsLoginPath(requested.AbsolutePath))
        {
            return new(CheckStatus.Blocked, CheckReasons.LoginWall, "redirected to a login page");
        }

        if (redirects > 0 && IsHomePath(final.AbsolutePath) && !IsHomePath(requested.AbsolutePath))
        {
            return new(CheckStatus.Soft404, CheckReasons.RedirectedToHome, "redirected to the home page");
        }

        if (head is not null && IsLoginPage(head))
        {
            return new(CheckStatus.Blocked, CheckReasons.LoginWall, "a sign-in page stands where the source was");
        }

        if (head is not null && FindErrorHeading(head) is { } heading)
        {
            return new(CheckStatus.Soft404, CheckReasons.ErrorPhrase, $"error page: \"{heading}\"");
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

    /// <summary>The page's title, first h1 or first h2 when it carries a not-found phrase, else null.</summary>
    internal static string? FindErrorHeading(byte[] body, string? contentType)
    {
        using var head = PageHead.Of(contentType, body);
        return head is null ? null : FindErrorHeading(head);
    }

    private static string? FindErrorHeading(PageHead head)
    {
        foreach (var element in new[] { Title(head), Heading(head), Subheading(head) })
        {
            if (!element.Found)
            {
                continue;
            }

            var heading = Normalize(element.Inner);
            if (IsErrorHeading(heading))
            {
                return heading.Length <= 120 ? heading : heading[..120];
            }
        }

        return null;
    }

    /// <summary>
    /// In a short main text (at most <see cref="ShortBodyWords"/> words, as extracted from the page), the first sentence
    /// of its first lines that is nothing but a not-found phrase ("The requested URL /x was not found on this server.");
    /// null when there is none or the text is longer: an article that mentions "404" or "not found" in its running
    /// text is never an error page.
    /// </summary>
    public static string? FindErrorSentence(string mainText)
    {
        ArgumentNullException.ThrowIfNull(mainText);
        try
        {
            if (!HasAtMostWords(mainText.AsSpan().Trim(), ShortBodyWords))
            {
                return null;
            }

            var sentence = mainText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(ShortBodyLines)
                .SelectMany(line => SentenceEnd().Split(line))
                .FirstOrDefault(part => IsErrorHeading(part.Trim()));
            if (sentence is null)
            {
                return null;
            }

            var trimmed = sentence.Trim();
            return trimmed.Length <= 120 ? trimmed : trimmed[..120];
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    // Counts the words as a split on whitespace would, without splitting: most pages stop after a few hundred characters.
    private static bool HasAtMostWords(ReadOnlySpan<char> text, int most)
    {
        var words = 1;
        foreach (var _ in Whitespace().EnumerateMatches(text))
        {
            if (++words > most)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A page whose title or first heading is a sign-in template and that asks for a password.</summary>
    internal static bool IsLoginPage(byte[] body, string? contentType)
    {
        using var head = PageHead.Of(contentType, body);
        return head is not null && IsLoginPage(head);
    }

    private static bool IsLoginPage(PageHead head) =>
        PasswordInput().IsMatch(head.Text)
        && new[] { Title(head), Heading(head) }.Any(element =>
            element.Found && HeadingSeparator().Split(Normalize(element.Inner)).Any(part => LoginTemplate().IsMatch(part.Trim())));

    // Each element is looked for once per page, whichever judgement asks first.
    private static PageHead.Element Title(PageHead head) => head.Title ??= PageHead.Element.Find(TitleElement(), head.Text);

    private static PageHead.Element Heading(PageHead head) => head.Heading ??= PageHead.Element.Find(HeadingElement(), head.Text);

    private static PageHead.Element Subheading(PageHead head) => head.Subheading ??= PageHead.Element.Find(SubheadingElement(), head.Text);

    /// <summary>
    /// True when one part of a heading, between the separators sites put around their name ("|", " - ", ":"),
    /// is nothing but a not-found template: "Página no encontrada | Gobierno" is, "Decreto 404/2020" and
    /// "CNDH: la tortura no existe" are not.
    /// </summary>
    internal static bool IsErrorHeading(string heading) =>
        HeadingSeparator().Split(heading)
            .Select(part => part.Trim(' ', '.', '!', '¡', '?', '¿', '"', '\'', '«', '»', '“', '”', '(', ')', '[', ']'))
            .Any(part => part.Length > 0 && ErrorTemplate().IsMatch(part));

    private static string Normalize(string html) =>
        Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex TitleElement();

    [GeneratedRegex(@"<h1\b[^>]*>(.*?)</h1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex HeadingElement();

    [GeneratedRegex(@"<h2\b[^>]*>(.*?)</h2\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex SubheadingElement();

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^/[a-z]{2}(?:[-_][a-z]{2})?(?=/|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex LanguagePrefix();

    [GeneratedRegex(@"\s+[|\-–—:»·•]+\s+|\s*[|:»·•]\s*", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex HeadingSeparator();

    // Whole-part templates of "not found" in Spanish, English, Portuguese and French, server defaults (Apache, IIS, nginx)
    // included, after an optional apology ("Lo sentimos, ...", "Oops! ...").
    [GeneratedRegex(
        """
        ^(?:(?:lo\s+sentimos|disculpe|disculpa|perd[óo]n|ups|oops|sorry|we['’]re\s+sorry|desculpe|d[ée]sol[ée]|oups)[\s,.!:;]+)?
        (?:
            (?:https?\s+)?(?:error|erreur|erro|fehler|c[óo]digo)?\s*404(?:\s*(?:error|erreur|erro))?
                (?:\s*[-–—:.]?\s*(?:(?:page\s+|file\s+)?not\s+found|file\s+or\s+directory\s+not\s+found|(?:p[áa]gina\s+)?no\s+encontrad[ao]
                    |(?:archivo|fichero)\s+o\s+directorio\s+no\s+encontrado|(?:page\s+)?introuvable|(?:page\s+)?non\s+trouv[ée]e
                    |(?:p[áa]gina\s+)?n[ãa]o\s+encontrad[ao]))?
          | (?:(?:the\s+)?(?:page|file|document|resource|content|url)\s+(?:you\s+requested\s+|requested\s+)?(?:was\s+|is\s+)?)?not\s+found
          | (?:the\s+)?(?:page|file|document|resource|content)\s+you(?:\s+are|['’]re)\s+looking\s+for\s+
                (?:(?:could|can)\s*not\s+be\s+found|can['’]t\s+be\s+found|(?:was|is)\s+not\s+found|does\s*n['’o]?t\s+exist|no\s+longer\s+exists|is\s+(?:no\s+longer\s+)?(?:available|here))
          | (?:this|that)\s+page\s+(?:does\s+not|doesn['’]t)\s+exist
          | the\s+requested\s+url\s+(?:\S+\s+)?was\s+not\s+found\s+on\s+this\s+server
          | file\s+or\s+directory\s+not\s+found
          | (?:(?:la|esta)\s+)?p[áa]gina\s+(?:(?:que\s+(?:busca|buscas|buscaba|solicit[óo])|solicitada|buscada)\s+)?no\s+(?:(?:fue|ha\s+sido)\s+)?(?:encontrada|existe|se\s+(?:encuentra|encontr[óo]|encuentra\s+disponible)|est[áa]\s+disponible)
          | (?:el\s+)?(?:contenido|documento|recurso|art[íi]culo|archivo)\s+(?:(?:que\s+busca|solicitado|buscado)\s+)?no\s+(?:existe|(?:fue\s+)?encontrado|est[áa]\s+disponible)
          | (?:archivo|fichero)\s+o\s+directorio\s+no\s+encontrado
          | (?:p[áa]gina\s+)?no\s+encontrad[ao]
          | no\s+existe
          | (?:a\s+)?p[áa]gina\s+(?:(?:solicitada|que\s+(?:voc[êe]\s+)?(?:procura|busca|solicitou))\s+)?n[ãa]o\s+(?:foi\s+)?(?:encontrada|existe|est[áa]\s+dispon[íi]vel)
          | (?:la\s+|cette\s+)?(?:page|ressource)\s+(?:que\s+vous\s+(?:recherchez|cherchez|demandez)\s+)?(?:demand[ée]e\s+)?(?:est\s+)?(?:introuvable|non\s+trouv[ée]e|inexistante|n['’]existe\s+(?:pas|plus))
          | (?:page|p[áa]gina)\s+(?:inexistente|inexistante)
        )$
        """,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace, 2000)]
    private static partial Regex ErrorTemplate();

    [GeneratedRegex(@"<input\b[^>]*\btype\s*=\s*[""']?password\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex PasswordInput();

    [GeneratedRegex(
        @"^(?:sign\s*in|log\s*in|login|log\s+on|iniciar\s+sesi[óo]n|inicio\s+de\s+sesi[óo]n|acceso(?:\s+al\s+sistema)?|ingresar|ingreso|entrar|acesso|fazer\s+login|connexion|se\s+connecter|identification|authentication|autenticaci[óo]n)(?:\s+(?:to|a|en|al|no|sur)\b.*)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex LoginTemplate();

    // Markers of common challenge pages (Cloudflare, AWS WAF, DDoS-Guard, Sucuri, Imperva): page furniture, never content.
    [GeneratedRegex(
        @"/cdn-cgi/challenge-platform/|_cf_chl_opt|cf-browser-verification|AwsWafIntegration|awswaf\.com|ddos-guard\.net/|sucuri_cloudproxy_js|_Incapsula_Resource",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex ChallengeMarker();

    [GeneratedRegex(
        @"^(?:just\s+a\s+moment\W*|attention\s+required!?\s*\|\s*cloudflare|ddos-guard|checking\s+your\s+browser.*|please\s+verify\s+you\s+are\s+(?:a\s+)?human.*|are\s+you\s+a\s+robot\??|human\s+verification|verifying\s+you\s+are\s+human.*|un\s+momento\W*|comprobando\s+(?:su|tu)\s+navegador.*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 2000)]
    private static partial Regex ChallengeTitle();
}
