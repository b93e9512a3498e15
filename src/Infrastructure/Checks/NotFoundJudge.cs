using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The soft-404 judgements that need the extracted main text, made after an <c>ok</c> fetch (those on the raw answer,
/// such as an error title or a redirect to the home page, are made by the fetcher): a short main text that is a
/// not-found phrase (<c>error_phrase</c>), and an answer that is the host's own not-found answer, by its text or by
/// its final URL (<c>host_not_found_template</c>, see <see cref="HostProbes"/>).
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

        if (SoftErrorRules.FindErrorSentence(capture.Content.Text) is { } sentence)
        {
            return fetch with { Status = CheckStatus.Soft404, Reason = FetchReasons.ErrorPhrase, Error = $"error page: \"{sentence}\"" };
        }

        if (!Uri.TryCreate(fetch.Url, UriKind.Absolute, out var requested)
            || await probes.ForAsync(requested, citation.Host, cancellationToken) is not { } probe)
        {
            return fetch;
        }

        // A host that answers unknown paths with a real 404 or 410 has no template to match: nothing to fingerprint.
        if (probe.HttpStatus is not (>= 200 and < 300))
        {
            return fetch;
        }

        var answer = new CitedAnswer(fetch.Url, fetch.FinalUrl, HostProbes.Fingerprint(capture.Content.Text, fetch.Url, fetch.FinalUrl));
        var match = NotFoundTemplate.Match(probe.ToAnswer(), answer);

        // A single-page application serves one script shell ("You need to enable JavaScript to run this app") at every
        // path, real or not: the same text as the probe's, but no sign that the page is gone. Its citations cannot be
        // read without running scripts; calling them soft 404s would mark a whole live site broken.
        if (match == NotFoundTemplateMatch.SameText && IsScriptShell(capture.Bytes, capture.Content.Text))
        {
            return fetch;
        }

        return match switch
        {
            NotFoundTemplateMatch.SameText => fetch with
            {
                Status = CheckStatus.Soft404,
                Reason = FetchReasons.HostNotFoundTemplate,
                Error = $"the host's not-found page: the same text as its answer to {probe.Url}",
            },
            NotFoundTemplateMatch.SameFinalUrl => fetch with
            {
                Status = CheckStatus.Soft404,
                Reason = FetchReasons.HostNotFoundTemplate,
                Error = $"redirected to {probe.FinalUrl}, where the host also sends a path that cannot exist",
            },
            _ => fetch,
        };
    }

    private const int ScriptShellMaxWords = 60;

    /// <summary>
    /// A short visible text, and markup that asks for scripts: a <c>noscript</c> notice about JavaScript, or an
    /// Angular root element. Looked for in the first 64 KB of the raw bytes (tags and these words are ASCII).
    /// </summary>
    private static bool IsScriptShell(byte[] body, string text)
    {
        if (text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > ScriptShellMaxWords)
        {
            return false;
        }

        var head = System.Text.Encoding.Latin1.GetString(body, 0, Math.Min(body.Length, 64 * 1024));
        return (head.Contains("<noscript", StringComparison.OrdinalIgnoreCase) && head.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            || head.Contains("<app-root", StringComparison.OrdinalIgnoreCase);
    }
}
