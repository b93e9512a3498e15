using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The classify step: the soft-404 verdicts that need the extracted main text, made after an <c>ok</c> fetch (those on
/// the raw answer, such as an error title or a redirect to the home page, are made by the fetcher), by the rules of
/// <see cref="NotFoundVerdicts"/>, with the host's probe (<see cref="HostProbes"/>) fetched when one is needed.
/// </summary>
internal sealed class NotFoundJudge(HostProbes probes)
{
    /// <summary><paramref name="fetch"/> as it stands, or made <c>soft_404</c> with its reason.</summary>
    public async Task<FetchResult> JudgeAsync(CitationRow citation, FetchResult fetch, Capture? capture, CancellationToken cancellationToken)
    {
        // A 2xx with readable text only: a PDF or an image is never a host's HTML template.
        if (fetch.Status != CheckStatus.Ok || fetch.HttpStatus is not (>= 200 and < 300) || capture is null
            || capture.Content.Kind is not (ContentKinds.Html or ContentKinds.Text))
        {
            return fetch;
        }

        if (NotFoundVerdicts.ByPhrase(capture.Content.Text) is { } phrase)
        {
            return With(fetch, phrase);
        }

        // A host that answers unknown paths with a real 404 or 410 has no template to match: nothing to fingerprint.
        if (!Uri.TryCreate(fetch.Url, UriKind.Absolute, out var requested)
            || await probes.ForAsync(requested, citation.Host, cancellationToken) is not { HttpStatus: >= 200 and < 300 } probe)
        {
            return fetch;
        }

        var answer = new CitedAnswer(fetch.Url, fetch.FinalUrl, HostProbes.Fingerprint(capture.Content.Text, fetch.Url, fetch.FinalUrl));
        return NotFoundVerdicts.ByTemplate(probe.ToAnswer(), answer, capture.Bytes, capture.Content.Text) is { } template
            ? With(fetch, template)
            : fetch;
    }

    private static FetchResult With(FetchResult fetch, SoftErrorVerdict verdict) =>
        fetch with { Status = verdict.Status, Reason = verdict.Reason, Error = verdict.Error };
}
