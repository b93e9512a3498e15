using System.Globalization;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Domain.Tests.Citations;

/// <summary>
/// The verdicts in Spanish for a Spanish culture, with the English ones' content and structure, and the English ones,
/// word for word, for no culture or any other.
/// </summary>
public sealed class VerdictsInSpanishTests
{
    private static readonly HealthPolicy Policy = new(3, TimeSpan.FromDays(2));
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");

    /// <summary>English that must not show through a Spanish verdict.</summary>
    private static readonly string[] EnglishWords =
    [
        "the ", "check", "source", "failed", "broken", "reached", "since", "in a row", "page", "answers", "cannot", " is ", " was ",
        "served", "changed", "passage", "words", "fetch", "after retries", "refuses", "yet",
    ];

    private static VerdictInput Citation(CitationHealth health, CheckStatus? status, int? http = null, string? reason = null) => new()
    {
        Health = health,
        LastStatus = status,
        LastHttpStatus = http,
        LastReason = reason,
        NormalizedUrl = "https://www.gob.mx/comar/prensa/1",
    };

    /// <summary>Every health the verdict tells apart, each with what makes it say more.</summary>
    public static TheoryData<string, VerdictInput> EveryKindOfCitation() => new()
    {
        { "unknown", Citation(CitationHealth.Unknown, null) },
        { "healthy", Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) },
        { "healthy, not modified", Citation(CitationHealth.Healthy, CheckStatus.Ok, 304) },
        {
            "healthy, changed and moved",
            Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with
            {
                FinalUrl = "https://www.gob.mx/comar/articulos/1", ChangeCount = 1, LastChangedAt = Monday,
            }
        },
        { "healthy, changed, day unknown", Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with { ChangeCount = 3 } },
        {
            "degraded in a run",
            Citation(CitationHealth.Degraded, CheckStatus.ServerError, 503) with
            {
                ConsecutiveFailures = 2, FirstFailureAt = Monday, LastOkAt = Monday.AddDays(-1),
            }
        },
        { "degraded in a run, day unknown", Citation(CitationHealth.Degraded, CheckStatus.Timeout) with { ConsecutiveFailures = 1 } },
        { "degraded outside a run", Citation(CitationHealth.Degraded, CheckStatus.InvalidUrl, null, CheckReasons.MalformedUrl) },
        {
            "broken",
            Citation(CitationHealth.Broken, CheckStatus.Gone, 410) with { ConsecutiveFailures = 5, FirstFailureAt = Monday, LastOkAt = Monday.AddDays(-9) }
        },
        { "broken, never reached", Citation(CitationHealth.Broken, CheckStatus.DnsError) with { ConsecutiveFailures = 3 } },
        { "blocked", Citation(CitationHealth.Blocked, CheckStatus.Blocked, 403, CheckReasons.LoginWall) with { LastOkAt = Monday } },
        { "blocked, rate limited", Citation(CitationHealth.Blocked, CheckStatus.RateLimited, 429) },
    };

    [Theory]
    [InlineData("es")]
    [InlineData("es-MX")]
    [InlineData("es-CO")]
    [InlineData("es-419")]
    public void NeverChecked_SaysSoInEverySpanish(string culture) =>
        Assert.Equal("Aún sin comprobar.", Verdicts.Explain(Citation(CitationHealth.Unknown, null), Policy, CultureInfo.GetCultureInfo(culture)));

    [Fact]
    public void Broken_NamesTheCauseTheRunAndTheWait()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Broken, CheckStatus.NotFound, 404) with
            {
                ConsecutiveFailures = 3, FirstFailureAt = Monday, LastOkAt = new DateTimeOffset(2026, 10, 30, 23, 0, 0, TimeSpan.Zero),
            },
            Policy,
            Spanish);

        Assert.Equal(
            "Rota: el servidor responde 404 Not Found. 3 comprobaciones seguidas fallaron desde el 2026-11-02, más de los 2 días que el monitor "
            + "espera antes de declarar rota una fuente. Se alcanzó por última vez el 2026-10-30.",
            verdict);
    }

    [Fact]
    public void Healthy_SaysWhereTheSourceLivesHowOftenItChangedAndWhetherThePassageHolds()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with
            {
                FinalUrl = "https://www.gob.mx/comar/articulos/1",
                ChangeCount = 2,
                LastChangedAt = Monday,
                QuoteStatus = QuoteStatus.Altered,
                QuoteSimilarity = 0.875,
            },
            Policy,
            Spanish);

        Assert.Equal(
            "La última comprobación alcanzó la fuente (HTTP 200). Ahora se encuentra en https://www.gob.mx/comar/articulos/1. "
            + "Cambió 2 veces, la última el 2026-11-02. El pasaje citado ahora tiene otra redacción (coincide el 88% de sus palabras).",
            verdict);
    }

    [Fact]
    public void HealthyAndUnchanged_SaysSoOnce()
    {
        Assert.Equal(
            "La última comprobación alcanzó la fuente (HTTP 304: sin cambios desde la última captura). Sin cambios desde la primera captura. "
            + "El pasaje citado sigue en la fuente.",
            Verdicts.Explain(Citation(CitationHealth.Healthy, CheckStatus.Ok, 304) with { QuoteStatus = QuoteStatus.Found }, Policy, Spanish));
        Assert.Equal(
            "La última comprobación alcanzó la fuente (HTTP 200). Cambió 1 vez, la última el 2026-11-02.",
            Verdicts.Explain(Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with { ChangeCount = 1, LastChangedAt = Monday }, Policy, Spanish));
    }

    [Fact]
    public void Degraded_SaysHowFarTheFailureIsFromBroken()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Degraded, CheckStatus.Timeout) with { ConsecutiveFailures = 1, FirstFailureAt = Monday, LastOkAt = Monday.AddDays(-1) },
            Policy,
            Spanish);

        Assert.Equal(
            "La última comprobación falló: el servidor no respondió a tiempo. 1 comprobación falló el 2026-11-02, pero aún no se considera rota "
            + "(para eso hacen falta 3 comprobaciones fallidas seguidas durante al menos 2 días). Se alcanzó por última vez el 2026-11-01.",
            verdict);
    }

    [Fact]
    public void FailureThatDoesNotCountTowardBroken_SaysSo() =>
        Assert.Equal(
            "La última comprobación falló: no se puede consultar la URL (esquema no admitido). Un fallo de este tipo no cuenta para declarar "
            + "rota una fuente. Nunca se ha podido alcanzar.",
            Verdicts.Explain(Citation(CitationHealth.Degraded, CheckStatus.InvalidUrl, null, CheckReasons.UnsupportedScheme), Policy, Spanish));

    [Fact]
    public void Blocked_SaysWhyTheMonitorCannotTell() =>
        Assert.Equal(
            "El monitor no puede determinarlo: el sitio responde con una verificación contra bots en lugar de la página. "
            + "Se alcanzó por última vez el 2026-11-02.",
            Verdicts.Explain(Citation(CitationHealth.Blocked, CheckStatus.Blocked, 403, CheckReasons.BotChallenge) with { LastOkAt = Monday }, Policy, Spanish));

    [Theory]
    [InlineData(1, 1, 0, "más del 1 día que el monitor espera")]
    [InlineData(1, 0, 12, "más de las 12 horas que el monitor espera")]
    [InlineData(1, 0, 1, "más de la 1 hora que el monitor espera")]
    [InlineData(1, 0, 0, "más de los 90 minutos que el monitor espera")]
    public void TheWait_AgreesWithItsUnit(int failures, int days, int hours, string wait)
    {
        var policy = new HealthPolicy(failures, days + hours > 0 ? new TimeSpan(days, hours, 0, 0) : TimeSpan.FromMinutes(90));

        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Broken, CheckStatus.NotFound, 404) with { ConsecutiveFailures = 1, FirstFailureAt = Monday }, policy, Spanish);

        Assert.Equal(
            $"Rota: el servidor responde 404 Not Found. 1 comprobación falló el 2026-11-02, {wait} antes de declarar rota una fuente. "
            + "Nunca se ha podido alcanzar.",
            verdict);
    }

    [Theory]
    [InlineData(QuoteStatus.Found, null, " El pasaje citado sigue en la fuente.")]
    [InlineData(QuoteStatus.Altered, 0.5, " El pasaje citado ahora tiene otra redacción (coincide el 50% de sus palabras).")]
    [InlineData(QuoteStatus.Altered, null, " El pasaje citado ahora tiene otra redacción.")]
    [InlineData(QuoteStatus.Missing, null, " El pasaje citado ya no está en la fuente.")]
    [InlineData(QuoteStatus.None, null, " Sin cambios desde la primera captura.")]
    public void EveryPassageStatus_EndsTheVerdict(QuoteStatus quote, double? similarity, string ending) =>
        Assert.EndsWith(
            ending,
            Verdicts.Explain(Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with { QuoteStatus = quote, QuoteSimilarity = similarity }, Policy, Spanish),
            StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(EveryKindOfCitation))]
    public void EveryHealthAndPassage_ReadsInSpanish(string kind, VerdictInput input)
    {
        foreach (var quote in new QuoteStatus?[] { null, QuoteStatus.None, QuoteStatus.Found, QuoteStatus.Altered, QuoteStatus.Missing })
        {
            var citation = input with { QuoteStatus = quote, QuoteSimilarity = quote == QuoteStatus.Altered ? 0.4 : null };
            var verdict = Verdicts.Explain(citation, Policy, Spanish);

            AssertSpanish(verdict, kind);
            Assert.NotEqual(Verdicts.Explain(citation, Policy), verdict);
        }
    }

    [Fact]
    public void EveryStatusAndReason_HasASpanishCause()
    {
        var reasons = typeof(CheckReasons).GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string?)f.GetValue(null))
            .Append(CheckReasons.HttpStatus(403))
            .Append(null)
            .ToList();
        foreach (var status in Enum.GetValues<CheckStatus>().Cast<CheckStatus?>().Append(null))
        {
            foreach (var reason in reasons)
            {
                foreach (var http in new int?[] { null, 0, 403, 503 })
                {
                    var cause = Verdicts.Cause(Citation(CitationHealth.Degraded, status, http, reason), Spanish);

                    AssertSpanish(cause, $"{status} {reason} {http}");
                    Assert.NotEqual(Verdicts.Cause(Citation(CitationHealth.Degraded, status, http, reason)), cause);
                }
            }
        }
    }

    [Theory]
    [InlineData(CheckStatus.Blocked, null, null, "el sitio niega el acceso (401 o 403)")]
    [InlineData(CheckStatus.ClientError, 0, null, "el servidor rechaza la solicitud (una respuesta 4xx)")]
    [InlineData(CheckStatus.ServerError, 502, null, "el servidor falla (HTTP 502, tras varios reintentos)")]
    [InlineData(CheckStatus.Soft404, 200, CheckReasons.HostNotFoundTemplate, "la página responde como la propia página de \"no encontrado\" del sitio")]
    [InlineData(CheckStatus.RateLimited, 429, CheckReasons.RetryAfter, "el sitio pide al monitor que vuelva más tarde (HTTP 429 con Retry-After)")]
    [InlineData(CheckStatus.InvalidUrl, null, CheckReasons.CredentialsInUrl, "no se puede consultar la URL (lleva credenciales)")]
    [InlineData(CheckStatus.InvalidUrl, null, "max_redirects", "no se puede consultar la URL")]
    [InlineData(null, null, null, "aún no ha terminado ninguna comprobación")]
    public void Causes_ReadAsInSpanishDocumentation(CheckStatus? status, int? http, string? reason, string cause) =>
        Assert.Equal(cause, Verdicts.Cause(Citation(CitationHealth.Degraded, status, http, reason), Spanish));

    [Fact]
    public void OneCheck_SaysWhatToDoInSpanish()
    {
        Assert.Equal(
            "Se alcanzó la fuente (HTTP 200). Ahora se encuentra en https://www.gob.mx/b.",
            Verdicts.OfOneCheck(CheckStatus.Ok, 200, null, "https://www.gob.mx/a", "https://www.gob.mx/b", Spanish));
        Assert.Equal(
            "Corregir antes de publicar: el enlace ahora lleva a la página de inicio del sitio.",
            Verdicts.OfOneCheck(CheckStatus.Soft404, 200, CheckReasons.RedirectedToHome, "https://www.gob.mx/a", "https://www.gob.mx/", Spanish));
        Assert.Equal(
            "No se puede determinar: el sitio niega el acceso (HTTP 403). Ábrala en un navegador para confirmarlo.",
            Verdicts.OfOneCheck(CheckStatus.Blocked, 403, "http_403", "https://www.gob.mx/a", null, Spanish));
        foreach (var status in Enum.GetValues<CheckStatus>())
        {
            AssertSpanish(Verdicts.OfOneCheck(status, 200, null, "https://www.gob.mx/a", "https://www.gob.mx/a", Spanish), status.ToString());
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("fr")]
    [InlineData("pt-BR")]
    public void AnyOtherCulture_KeepsTheEnglishWordForWord(string? culture)
    {
        var language = culture is null ? null : CultureInfo.GetCultureInfo(culture);
        foreach (var row in EveryKindOfCitation())
        {
            var input = ((VerdictInput)row[1]) with { QuoteStatus = QuoteStatus.Altered, QuoteSimilarity = 0.875 };
            Assert.Equal(Verdicts.Explain(input, Policy), Verdicts.Explain(input, Policy, language));
            Assert.Equal(Verdicts.Cause(input), Verdicts.Cause(input, language));
        }

        Assert.Equal(
            "The last check failed: the server did not answer in time. 1 check in a row failed since 2026-11-02, not yet broken "
            + "(that takes 3 failed checks in a row over at least 2 days). Last reached on 2026-11-01.",
            Verdicts.Explain(
                Citation(CitationHealth.Degraded, CheckStatus.Timeout) with { ConsecutiveFailures = 1, FirstFailureAt = Monday, LastOkAt = Monday.AddDays(-1) },
                Policy,
                language));
        Assert.Equal(
            "Cannot tell: the site refuses access (HTTP 403). Open it in a browser to make sure.",
            Verdicts.OfOneCheck(CheckStatus.Blocked, 403, "http_403", "https://www.gob.mx/a", null, language));
    }

    private static void AssertSpanish(string sentence, string what)
    {
        Assert.False(string.IsNullOrWhiteSpace(sentence), what);
        foreach (var word in EnglishWords)
        {
            Assert.True(
                !sentence.Contains(word, StringComparison.OrdinalIgnoreCase),
                $"{what}: \"{word}\" shows through in \"{sentence}\"");
        }
    }
}
