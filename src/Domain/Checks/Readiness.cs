using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// What one check of a cited source tells a person about to publish the document that cites it (the one-shot check
/// before publishing). Wire names as written in its JSON and its table.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Readiness>))]
public enum Readiness
{
    /// <summary>The source answered with what it claims to be.</summary>
    [JsonStringEnumMemberName("ok")] Ok,

    /// <summary>The source is not there for a reader (gone, an error page, an address that does not work): fix the citation.</summary>
    [JsonStringEnumMemberName("failed")] Failed,

    /// <summary>The site did not say (it refused the monitor, asked it to slow down, timed out or failed itself): look by hand.</summary>
    [JsonStringEnumMemberName("inconclusive")] Inconclusive,
}

/// <summary>Which statuses fail a source before publishing, and which leave it undecided.</summary>
public static class ReadinessRules
{
    /// <summary>
    /// <c>ok</c> is ok; a source that is not there or cannot be reached at its address (<c>not_found</c>, <c>gone</c>,
    /// <c>soft_404</c>, <c>dns_error</c>, <c>connection_error</c>, <c>tls_error</c>, <c>redirect_loop</c>,
    /// <c>forbidden_target</c>, <c>invalid_url</c>) fails; the answers that may pass (<c>blocked</c>,
    /// <c>rate_limited</c>, <c>timeout</c>, <c>server_error</c>, <c>client_error</c>) are inconclusive.
    /// </summary>
    public static Readiness Of(CheckStatus status) => status switch
    {
        CheckStatus.Ok => Readiness.Ok,
        CheckStatus.NotFound or CheckStatus.Gone or CheckStatus.Soft404 or CheckStatus.DnsError or CheckStatus.ConnectionError
            or CheckStatus.TlsError or CheckStatus.RedirectLoop or CheckStatus.ForbiddenTarget or CheckStatus.InvalidUrl => Readiness.Failed,
        _ => Readiness.Inconclusive,
    };

    /// <summary>The worst of several: any failed source fails them all; else any inconclusive one leaves them undecided.</summary>
    public static Readiness Worst(IEnumerable<Readiness> readiness)
    {
        ArgumentNullException.ThrowIfNull(readiness);
        var worst = Readiness.Ok;
        foreach (var one in readiness)
        {
            if (one == Readiness.Failed)
            {
                return Readiness.Failed;
            }

            if (one == Readiness.Inconclusive)
            {
                worst = Readiness.Inconclusive;
            }
        }

        return worst;
    }

    /// <summary>The wire name of a value.</summary>
    public static string ToWireName(this Readiness value) => WireNames<Readiness>.Of(value);
}
