using System.Globalization;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Citations;

/// <summary>What the monitor knows of one citation, as the verdict sentence needs it.</summary>
public sealed record VerdictInput
{
    public required CitationHealth Health { get; init; }
    public CheckStatus? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastReason { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FirstFailureAt { get; init; }
    public DateTimeOffset? LastOkAt { get; init; }
    public required string NormalizedUrl { get; init; }
    public string? FinalUrl { get; init; }
    public int ChangeCount { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
}

/// <summary>
/// One or two plain sentences saying why the monitor believes what it says of a citation: what the last check saw,
/// how long a failure has lasted against the <c>broken</c> rule, where the source lives now, how often it changed and
/// whether the cited passage is still there. Meant to be read by a person deciding whether a citation still holds.
/// In English, or in Spanish when asked for a Spanish culture (<c>es</c>, <c>es-MX</c>...); dates stay ISO and HTTP
/// codes stay as sent.
/// </summary>
public static class Verdicts
{
    /// <summary>
    /// Whether a citation needs a person's attention before a document citing it is re-published: the source is broken,
    /// degraded or blocked, or the passage cited from it now reads differently or is gone.
    /// </summary>
    public static bool NeedsAttention(CitationHealth health, QuoteStatus? quote) =>
        health is CitationHealth.Broken or CitationHealth.Degraded or CitationHealth.Blocked
        || quote is Quotes.QuoteStatus.Altered or Quotes.QuoteStatus.Missing;

    /// <summary>The verdict on a citation, in <paramref name="language"/> when it is Spanish, else in English.</summary>
    public static string Explain(VerdictInput input, HealthPolicy policy, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        var words = VerdictWords.In(language);
        var text = new StringBuilder();
        switch (input.Health)
        {
            case CitationHealth.Unknown:
                return words.NotCheckedYet;
            case CitationHealth.Healthy:
                text.Append(words.LastCheckReached).Append(input.LastHttpStatus switch
                {
                    304 => words.NotModified,
                    { } code => $" ({Http(code)})",
                    null => "",
                }).Append('.');
                AppendServedFrom(text, words, input.NormalizedUrl, input.FinalUrl);
                text.Append(input.ChangeCount == 0
                    ? words.NoChange
                    : words.Changed(words.Time.Count(input.ChangeCount), input.LastChangedAt is { } at ? Date(at) : null));
                break;
            case CitationHealth.Degraded:
                text.Append(words.LastCheckFailed(Cause(input, words)));
                if (input.ConsecutiveFailures == 0)
                {
                    text.Append(words.DoesNotCountTowardBroken);
                    AppendLastReached(text, words, input);
                    break;
                }

                text.Append(words.NotYetBroken(
                    FailureRun(input, words), words.FailedCheckInARow.Count(policy.BrokenAfterFailures), Duration(policy.BrokenAfter, words).ToString()));
                AppendLastReached(text, words, input);
                break;
            case CitationHealth.Broken:
                text.Append(words.Broken(Cause(input, words), FailureRun(input, words), Duration(policy.BrokenAfter, words)));
                AppendLastReached(text, words, input);
                break;
            case CitationHealth.Blocked:
                text.Append(words.CannotTell(Cause(input, words)));
                AppendLastReached(text, words, input);
                break;
        }

        AppendQuote(text, words, input);
        return text.ToString();
    }

    /// <summary>
    /// One check of a source, for a person about to publish a document that cites it: what the check saw, and what to do
    /// about it by its <see cref="Readiness"/> (nothing, fix the citation, or look at the source by hand); in
    /// <paramref name="language"/> when it is Spanish, else in English.
    /// </summary>
    public static string OfOneCheck(
        CheckStatus status, int? httpStatus, string? reason, string normalizedUrl, string? finalUrl, CultureInfo? language = null)
    {
        var words = VerdictWords.In(language);
        var input = new VerdictInput
        {
            Health = CitationHealth.Unknown,
            LastStatus = status,
            LastHttpStatus = httpStatus,
            LastReason = reason,
            NormalizedUrl = normalizedUrl,
            FinalUrl = finalUrl,
        };
        switch (ReadinessRules.Of(status))
        {
            case Readiness.Ok:
                var text = new StringBuilder(words.SourceReached).Append(httpStatus is { } code ? $" ({Http(code)})" : "").Append('.');
                AppendServedFrom(text, words, normalizedUrl, finalUrl);
                return text.ToString();
            case Readiness.Failed:
                return words.FixBeforePublishing(Cause(input, words));
            default:
                return words.LookByHand(Cause(input, words));
        }
    }

    /// <summary>
    /// The last check's outcome in words, from its status, HTTP status and reason; in <paramref name="language"/> when it
    /// is Spanish, else in English.
    /// </summary>
    public static string Cause(VerdictInput input, CultureInfo? language = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Cause(input, VerdictWords.In(language));
    }

    private static string Cause(VerdictInput input, VerdictWords words)
    {
        var http = input.LastHttpStatus is { } code and > 0 ? Http(code) : null;
        return (input.LastStatus, input.LastReason) switch
        {
            (CheckStatus.Soft404, CheckReasons.HostNotFoundTemplate) => words.LikeTheSitesNotFoundPage,
            (CheckStatus.Soft404, CheckReasons.RedirectedToHome) => words.LeadsToTheHomePage,
            (CheckStatus.Soft404, CheckReasons.ErrorPhrase) => words.SaysTheDocumentDoesNotExist,
            (CheckStatus.Soft404, _) => words.ErrorPage,
            (CheckStatus.Blocked, CheckReasons.LoginWall) => words.BehindASignIn,
            (CheckStatus.Blocked, CheckReasons.BotChallenge) => words.BotChallenge,
            (CheckStatus.Blocked, _) => words.RefusesAccess(http),
            (CheckStatus.RateLimited, CheckReasons.RetryAfter) => words.ComeBackLater,
            (CheckStatus.RateLimited, _) => words.SlowDown,
            (CheckStatus.NotFound, _) => words.NotFound,
            (CheckStatus.Gone, _) => words.Gone,
            (CheckStatus.ClientError, _) => words.RefusesTheRequest(http),
            (CheckStatus.ServerError, _) => words.ServerFails(http),
            (CheckStatus.Timeout, _) => words.Timeout,
            (CheckStatus.DnsError, _) => words.DnsError,
            (CheckStatus.ConnectionError, _) => words.ConnectionError,
            (CheckStatus.TlsError, _) => words.TlsError,
            (CheckStatus.RedirectLoop, _) => words.RedirectLoop,
            (CheckStatus.ForbiddenTarget, _) => words.ForbiddenTarget,
            (CheckStatus.InvalidUrl, var reason) => words.InvalidUrl(reason),
            (CheckStatus.Ok, _) => words.Reached,
            _ => words.NoCheckFinished,
        };
    }

    private static string FailureRun(VerdictInput input, VerdictWords words) =>
        Capitalized(words.FailureRun(
            input.ConsecutiveFailures, words.Check.Count(input.ConsecutiveFailures), input.FirstFailureAt is { } since ? Date(since) : null));

    private static void AppendServedFrom(StringBuilder text, VerdictWords words, string normalizedUrl, string? finalUrl)
    {
        if (finalUrl is { } final && !string.Equals(final, normalizedUrl, StringComparison.Ordinal))
        {
            text.Append(words.ServedFrom(final));
        }
    }

    private static void AppendLastReached(StringBuilder text, VerdictWords words, VerdictInput input) =>
        text.Append(input.LastOkAt is { } ok ? words.LastReached(Date(ok)) : words.NeverReached);

    private static void AppendQuote(StringBuilder text, VerdictWords words, VerdictInput input) =>
        text.Append(input.QuoteStatus switch
        {
            QuoteStatus.Found => words.PassageFound,
            QuoteStatus.Altered => words.PassageAltered(
                input.QuoteSimilarity is { } similarity ? WordSimilarity.Percent(similarity).ToString(CultureInfo.InvariantCulture) : null),
            QuoteStatus.Missing => words.PassageMissing,
            _ => "",
        });

    private static string Capitalized(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];

    private static string Http(int code) => string.Create(CultureInfo.InvariantCulture, $"HTTP {code}");

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Amount Duration(TimeSpan span, VerdictWords words) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? new((int)span.TotalDays, words.Day)
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? new((int)span.TotalHours, words.Hour)
        : new((int)Math.Ceiling(span.TotalMinutes), words.Minute);

    /// <summary>
    /// A noun in its two numbers, with the words that go before it after a comparison ("more than the") where a language
    /// needs them to agree with it.
    /// </summary>
    private sealed record Noun(string One, string Many, string BeyondOne = "", string BeyondMany = "")
    {
        public string Count(int n) => string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? One : Many)}");

        public string Beyond(int n) => n == 1 ? BeyondOne : BeyondMany;
    }

    /// <summary>So many of a noun: "2 days", "2 días".</summary>
    private readonly record struct Amount(int N, Noun Unit)
    {
        public string Beyond => Unit.Beyond(N);

        public override string ToString() => Unit.Count(N);
    }

    /// <summary>
    /// The phrases of the verdicts in one language: the logic that picks and joins them is <see cref="Verdicts"/>'s alone.
    /// A phrase that starts a sentence after another starts with its space.
    /// </summary>
    private sealed class VerdictWords
    {
        public required string NotCheckedYet { get; init; }
        public required string LastCheckReached { get; init; }
        public required string NotModified { get; init; }
        public required Func<string, string> ServedFrom { get; init; }
        public required string NoChange { get; init; }
        public required Func<string, string?, string> Changed { get; init; }
        public required Func<string, string> LastCheckFailed { get; init; }
        public required string DoesNotCountTowardBroken { get; init; }

        /// <summary>The run of failures so far, the failed checks and the time the <c>broken</c> rule asks for.</summary>
        public required Func<string, string, string, string> NotYetBroken { get; init; }

        /// <summary>The cause, the run of failures and the time the monitor waits.</summary>
        public required Func<string, string, Amount, string> Broken { get; init; }

        public required Func<string, string> CannotTell { get; init; }

        /// <summary>How many checks failed in a row, that count in words, and the day the first failed when known.</summary>
        public required Func<int, string, string?, string> FailureRun { get; init; }

        public required Func<string, string> LastReached { get; init; }
        public required string NeverReached { get; init; }
        public required string PassageFound { get; init; }

        /// <summary>The share of the passage's words that still match, in percent, when known.</summary>
        public required Func<string?, string> PassageAltered { get; init; }

        public required string PassageMissing { get; init; }
        public required string SourceReached { get; init; }
        public required Func<string, string> FixBeforePublishing { get; init; }
        public required Func<string, string> LookByHand { get; init; }

        public required string LikeTheSitesNotFoundPage { get; init; }
        public required string LeadsToTheHomePage { get; init; }
        public required string SaysTheDocumentDoesNotExist { get; init; }
        public required string ErrorPage { get; init; }
        public required string BehindASignIn { get; init; }
        public required string BotChallenge { get; init; }
        public required Func<string?, string> RefusesAccess { get; init; }
        public required string ComeBackLater { get; init; }
        public required string SlowDown { get; init; }
        public required string NotFound { get; init; }
        public required string Gone { get; init; }
        public required Func<string?, string> RefusesTheRequest { get; init; }
        public required Func<string?, string> ServerFails { get; init; }
        public required string Timeout { get; init; }
        public required string DnsError { get; init; }
        public required string ConnectionError { get; init; }
        public required string TlsError { get; init; }
        public required string RedirectLoop { get; init; }
        public required string ForbiddenTarget { get; init; }

        /// <summary>Why the URL cannot be fetched, from the check's reason when it has one.</summary>
        public required Func<string?, string> InvalidUrl { get; init; }

        public required string Reached { get; init; }
        public required string NoCheckFinished { get; init; }

        public required Noun Check { get; init; }
        public required Noun FailedCheckInARow { get; init; }
        public required Noun Day { get; init; }
        public required Noun Hour { get; init; }
        public required Noun Minute { get; init; }
        public required Noun Time { get; init; }

        /// <summary>Spanish for <c>es</c> and every <c>es-*</c> culture; English for any other and for none.</summary>
        public static VerdictWords In(CultureInfo? language) =>
            language is not null && (language.Name.Equals("es", StringComparison.OrdinalIgnoreCase)
                || language.Name.StartsWith("es-", StringComparison.OrdinalIgnoreCase))
                ? Spanish
                : English;

        private static readonly VerdictWords English = new()
        {
            NotCheckedYet = "Not checked yet.",
            LastCheckReached = "The last check reached the source",
            NotModified = " (HTTP 304: not modified since the last capture)",
            ServedFrom = final => $" It is now served from {final}.",
            NoChange = " No change since it was first captured.",
            Changed = (times, last) => $" It changed {times}{(last is null ? "" : $", last on {last}")}.",
            LastCheckFailed = cause => $"The last check failed: {cause}.",
            DoesNotCountTowardBroken = " A failure of this kind does not count toward broken.",
            NotYetBroken = (run, needed, during) => $" {run}, not yet broken (that takes {needed} over at least {during}).",
            Broken = (cause, run, wait) => $"Broken: {cause}. {run}, longer than the {wait} the monitor waits before calling a source broken.",
            CannotTell = cause => $"The monitor cannot tell: {cause}.",
            FailureRun = (_, checks, since) => $"{checks} in a row failed{(since is null ? "" : $" since {since}")}",
            LastReached = day => $" Last reached on {day}.",
            NeverReached = " It has never been reached.",
            PassageFound = " The cited passage is still there.",
            PassageAltered = percent => $" The cited passage reads differently now{(percent is null ? "" : $" ({percent}% of its words match)")}.",
            PassageMissing = " The cited passage is no longer in the source.",
            SourceReached = "The source was reached",
            FixBeforePublishing = cause => $"Fix before publishing: {cause}.",
            LookByHand = cause => $"Cannot tell: {cause}. Open it in a browser to make sure.",
            LikeTheSitesNotFoundPage = "the page answers like the site's own \"not found\" page",
            LeadsToTheHomePage = "the link now leads to the site's home page",
            SaysTheDocumentDoesNotExist = "the page answers, but says the document does not exist",
            ErrorPage = "the page answers, but it is an error page",
            BehindASignIn = "the page now sits behind a sign-in page",
            BotChallenge = "the site answers with a bot challenge instead of the page",
            RefusesAccess = http => $"the site refuses access ({http ?? "401 or 403"})",
            ComeBackLater = "the site asks the monitor to come back later (HTTP 429 with Retry-After)",
            SlowDown = "the site asks the monitor to slow down (HTTP 429)",
            NotFound = "the server answers 404 Not Found",
            Gone = "the server answers 410 Gone: the page was removed",
            RefusesTheRequest = http => $"the server refuses the request ({http ?? "a 4xx answer"})",
            ServerFails = http => $"the server fails ({http ?? "a 5xx answer"}, after retries)",
            Timeout = "the server did not answer in time",
            DnsError = "the host name does not resolve",
            ConnectionError = "the connection was refused or cut",
            TlsError = "the secure connection failed (certificate or handshake)",
            RedirectLoop = "its redirects go round in a loop or never end",
            ForbiddenTarget = "its address is on a private or local network, which the monitor does not fetch",
            InvalidUrl = reason => reason is null ? "the URL cannot be fetched" : $"the URL cannot be fetched ({reason.Replace('_', ' ')})",
            Reached = "the source was reached",
            NoCheckFinished = "no check has finished yet",
            Check = new("check", "checks"),
            FailedCheckInARow = new("failed check in a row", "failed checks in a row"),
            Day = new("day", "days"),
            Hour = new("hour", "hours"),
            Minute = new("minute", "minutes"),
            Time = new("time", "times"),
        };

        private static readonly VerdictWords Spanish = new()
        {
            NotCheckedYet = "Aún sin comprobar.",
            LastCheckReached = "La última comprobación alcanzó la fuente",
            NotModified = " (HTTP 304: sin cambios desde la última captura)",
            ServedFrom = final => $" Ahora se encuentra en {final}.",
            NoChange = " Sin cambios desde la primera captura.",
            Changed = (times, last) => $" Cambió {times}{(last is null ? "" : $", la última el {last}")}.",
            LastCheckFailed = cause => $"La última comprobación falló: {cause}.",
            DoesNotCountTowardBroken = " Un fallo de este tipo no cuenta para declarar rota una fuente.",
            NotYetBroken = (run, needed, during) => $" {run}, pero aún no se considera rota (para eso hacen falta {needed} durante al menos {during}).",
            Broken = (cause, run, wait) => $"Rota: {cause}. {run}, más {wait.Beyond} {wait} que el monitor espera antes de declarar rota una fuente.",
            CannotTell = cause => $"El monitor no puede determinarlo: {cause}.",
            FailureRun = (n, checks, since) => n == 1
                ? $"{checks} falló{(since is null ? "" : $" el {since}")}"
                : $"{checks} seguidas fallaron{(since is null ? "" : $" desde el {since}")}",
            LastReached = day => $" Se alcanzó por última vez el {day}.",
            NeverReached = " Nunca se ha podido alcanzar.",
            PassageFound = " El pasaje citado sigue en la fuente.",
            PassageAltered = percent => $" El pasaje citado ahora tiene otra redacción{(percent is null ? "" : $" (coincide el {percent}% de sus palabras)")}.",
            PassageMissing = " El pasaje citado ya no está en la fuente.",
            SourceReached = "Se alcanzó la fuente",
            FixBeforePublishing = cause => $"Corregir antes de publicar: {cause}.",
            LookByHand = cause => $"No se puede determinar: {cause}. Ábrala en un navegador para confirmarlo.",
            LikeTheSitesNotFoundPage = "la página responde como la propia página de \"no encontrado\" del sitio",
            LeadsToTheHomePage = "el enlace ahora lleva a la página de inicio del sitio",
            SaysTheDocumentDoesNotExist = "la página responde, pero dice que el documento no existe",
            ErrorPage = "la página responde, pero es una página de error",
            BehindASignIn = "la página ahora exige iniciar sesión",
            BotChallenge = "el sitio responde con una verificación contra bots en lugar de la página",
            RefusesAccess = http => $"el sitio niega el acceso ({http ?? "401 o 403"})",
            ComeBackLater = "el sitio pide al monitor que vuelva más tarde (HTTP 429 con Retry-After)",
            SlowDown = "el sitio pide al monitor que reduzca el ritmo (HTTP 429)",
            NotFound = "el servidor responde 404 Not Found",
            Gone = "el servidor responde 410 Gone: la página fue retirada",
            RefusesTheRequest = http => $"el servidor rechaza la solicitud ({http ?? "una respuesta 4xx"})",
            ServerFails = http => $"el servidor falla ({http ?? "una respuesta 5xx"}, tras varios reintentos)",
            Timeout = "el servidor no respondió a tiempo",
            DnsError = "el nombre de dominio no se resuelve",
            ConnectionError = "la conexión fue rechazada o se cortó",
            TlsError = "la conexión segura falló (certificado o negociación TLS)",
            RedirectLoop = "sus redirecciones forman un bucle o no terminan nunca",
            ForbiddenTarget = "su dirección está en una red privada o local, que el monitor no consulta",
            // The reasons an unusable URL is recorded with; any other is a code in English, left out.
            InvalidUrl = reason => reason switch
            {
                CheckReasons.UnsupportedScheme => "no se puede consultar la URL (esquema no admitido)",
                CheckReasons.CredentialsInUrl => "no se puede consultar la URL (lleva credenciales)",
                CheckReasons.MalformedUrl => "no se puede consultar la URL (está mal formada)",
                _ => "no se puede consultar la URL",
            },
            Reached = "se alcanzó la fuente",
            NoCheckFinished = "aún no ha terminado ninguna comprobación",
            Check = new("comprobación", "comprobaciones"),
            FailedCheckInARow = new("comprobación fallida", "comprobaciones fallidas seguidas"),
            Day = new("día", "días", "del", "de los"),
            Hour = new("hora", "horas", "de la", "de las"),
            Minute = new("minuto", "minutos", "del", "de los"),
            Time = new("vez", "veces"),
        };
    }
}
