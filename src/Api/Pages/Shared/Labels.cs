using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Api.Pages.Shared;

/// <summary>The English words the pages show for the API's vocabulary (translated like every other text of the pages).</summary>
internal static class Labels
{
    public static string Of(CitationHealth health) => health switch
    {
        CitationHealth.Healthy => "Healthy",
        CitationHealth.Degraded => "Degraded",
        CitationHealth.Broken => "Broken",
        CitationHealth.Blocked => "Blocked",
        _ => "Not checked yet",
    };

    public static string Of(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "OK",
        CheckStatus.NotFound => "Not found",
        CheckStatus.Gone => "Gone",
        CheckStatus.Soft404 => "Error page",
        CheckStatus.Blocked => "Blocked",
        CheckStatus.RateLimited => "Rate limited",
        CheckStatus.ClientError => "Client error",
        CheckStatus.ServerError => "Server error",
        CheckStatus.Timeout => "Timeout",
        CheckStatus.DnsError => "Unknown host",
        CheckStatus.ConnectionError => "Connection failed",
        CheckStatus.TlsError => "TLS error",
        CheckStatus.RedirectLoop => "Redirect loop",
        CheckStatus.ForbiddenTarget => "Forbidden address",
        _ => "Invalid URL",
    };

    public static string Of(QuoteStatus status) => status switch
    {
        QuoteStatus.Found => "Passage found",
        QuoteStatus.Altered => "Passage altered",
        QuoteStatus.Missing => "Passage missing",
        _ => "No passage",
    };

    public static string Of(ChangeKind kind) => kind switch
    {
        ChangeKind.Content => "Text",
        ChangeKind.Title => "Title",
        ChangeKind.Moved => "Moved",
        ChangeKind.Type => "Type",
        _ => "Passage",
    };

    /// <summary>Every health in the order the pages list them: the worst first.</summary>
    public static readonly IReadOnlyList<CitationHealth> Healths =
        [CitationHealth.Broken, CitationHealth.Blocked, CitationHealth.Degraded, CitationHealth.Healthy, CitationHealth.Unknown];
}
