using System.Net;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// One check's GET: redirects (HTTP ones and <c>&lt;meta http-equiv="refresh"&gt;</c>) followed hop by hop (each hop
/// with its own retries), validators of a <see cref="ConditionalRequest"/> sent to their URL, every attempt bounded by
/// <see cref="FetchOptions.Timeout"/>, the body capped at <see cref="FetchOptions.MaxBodyBytes"/>, and every
/// remote failure returned as a <see cref="FetchResult"/>. Every request waits for its turn at the host's
/// <see cref="HostPacer"/> and goes through the host's circuit breaker (<see cref="HostCircuits"/>); its retries come
/// from Polly's registry (<see cref="FetchPipelines"/>).
/// </summary>
internal sealed class PageFetcher(
    IHttpClientFactory httpClientFactory,
    IOptions<FetchOptions> options,
    HttpAttempts attempts,
    HostPauses pauses,
    HostCircuits circuits,
    LargeBodies largeBodies,
    ResiliencePipelineProvider<FetchPipelineKey> pipelines,
    TimeProvider timeProvider,
    ILogger<PageFetcher> logger) : IPageFetcher
{
    public const string HttpClientName = "fetch";

    private readonly FetchOptions _options = options.Value;
    private readonly HttpAttempts _attempts = attempts;
    private readonly ResiliencePipeline<HttpAnswer> _retries = pipelines.GetPipeline<HttpAnswer>(FetchPipelines.Retries);

    public Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken) => FetchAsync(url, null, cancellationToken);

    public async Task<FetchResult> FetchAsync(string url, ConditionalRequest? conditional, CancellationToken cancellationToken)
    {
        if (largeBodies.Current is { } checkTurn)
        {
            // Within a check, a busy turn is the caller's to wait for, outside its host slot (HostGate.FetchAsync).
            return await FetchAsync(url, conditional, checkTurn, cancellationToken);
        }

        // A fetch outside any check holds a large-body turn only for itself, and starts over once it has one.
        using var ownTurn = largeBodies.ForOneFetch();
        return await LargeBodies.WithTurnAsync(() => FetchAsync(url, conditional, ownTurn, cancellationToken), cancellationToken);
    }

    private async Task<FetchResult> FetchAsync(string url, ConditionalRequest? conditional, LargeBodyTurn turn, CancellationToken cancellationToken)
    {
        // To the microsecond, as every engine keeps a time: the check given back is the check read back.
        var startedAt = DbTime.ToMicroseconds(timeProvider.GetUtcNow());
        var startTimestamp = timeProvider.GetTimestamp();

        if (!TryParseTarget(url, out var requested, out var invalid))
        {
            return new FetchResult
            {
                Status = CheckStatus.InvalidUrl,
                Url = url,
                FinalUrl = url,
                Attempts = 0,
                Error = invalid.Error,
                Reason = invalid.Reason,
                StartedAt = startedAt,
                Duration = timeProvider.GetElapsedTime(startTimestamp),
            };
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        var hops = new List<RedirectHop>();
        // Cookies live for one check only: enough for sites that set a cookie and redirect back to the same URL.
        var cookies = new CookieContainer();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var current = requested;
        // The target of the permanent redirects the chain starts with; the first other hop ends the run.
        string? movedTo = null;
        var permanentRun = true;
        var validatorsFor = conditional is not null && Uri.TryCreate(conditional.Url, UriKind.Absolute, out var validated)
            ? RequestUrl(validated)
            : null;

        FetchResult Result(CheckStatus status, Hop hop, HttpAnswer? answer = null, string? error = null, string? reason = null) =>
            new()
            {
                Status = status,
                HttpStatus = answer?.StatusCode,
                Url = requested.AbsoluteUri,
                FinalUrl = current.AbsoluteUri,
                Redirects = hops,
                MovedTo = movedTo,
                Attempts = hop.Attempts,
                Error = error,
                Reason = reason,
                ContentType = answer?.ContentType,
                Body = answer?.Body,
                Truncated = answer?.Truncated ?? false,
                ResponseHeaders = answer?.Headers ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
                Exchange = answer?.Exchange,
                StartedAt = startedAt,
                Duration = timeProvider.GetElapsedTime(startTimestamp),
            };

        while (true)
        {
            // A revisit only counts as a loop when it would send the same cookies as before.
            visited.Add(current.AbsoluteUri + "\n" + cookies.GetCookieHeader(current));
            var hop = new Hop(this, client, current, cookies, turn)
            {
                Conditional = validatorsFor is not null && RequestUrl(current) == validatorsFor ? conditional : null,
            };
            HttpAnswer answer;
            // The host names the operation in Polly's log events.
            var context = ResilienceContextPool.Shared.Get(HostPacer.KeyOf(current.Host), cancellationToken);
            try
            {
                // Refused at once while the host is paused, before the request counts for or against its circuit.
                pauses.ThrowIfPaused(current.Host);
                await _attempts.TakeTurnAsync(hop, cancellationToken);
                answer = await circuits.For(current.Host).ExecuteAsync(
                    static (context, state) => state.Fetcher._retries.ExecuteAsync(
                        static (context, s) => s.Fetcher._attempts.AttemptAsync(s, context.CancellationToken), context, state),
                    context,
                    hop);
            }
            catch (BrokenCircuitException broken)
            {
                // Half-open: another request is the trial; this one waits for its verdict, at most one break.
                var wait = broken.RetryAfter is { } retryAfter && retryAfter > TimeSpan.Zero ? retryAfter : _options.HostBreak;
                throw new HostPausedException(HostPacer.KeyOf(current.Host), timeProvider.GetUtcNow() + wait, CheckReasons.CircuitOpen);
            }
            catch (Exception exception) when (exception is not (HostPausedException or LargeBodyTurnBusyException))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var failure = FetchFailures.Classify(exception);
                return Log(Result(failure.Status, hop, error: failure.Error, reason: failure.Reason));
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }

            if (answer.StatusCode == 304 && hop.Conditional is not null)
            {
                return Log(Result(CheckStatus.Ok, hop, answer with { Body = null }) with { NotModified = true });
            }

            var location = answer.Location;
            var metaRefresh = false;
            if (location is null)
            {
                // A page that sends the reader on at once is a redirect too, unless it is a challenge that reloads itself.
                // The start of the page is decoded once for every judgement of it.
                using var head = PageHead.Of(answer.ContentType, answer.Body);
                var refreshTarget = answer.StatusCode is >= 200 and < 300 ? MetaRefresh.FindTarget(current, head) : null;
                if (refreshTarget is null || SoftErrorRules.DetectChallenge(answer.Headers, head) is not null)
                {
                    return Log(Judge(answer, hop, head));
                }

                location = refreshTarget.AbsoluteUri;
                metaRefresh = true;
            }

            hops.Add(new RedirectHop(current.AbsoluteUri, answer.StatusCode) { MetaRefresh = metaRefresh });
            if (answer.SeveralLocations)
            {
                return Log(Result(CheckStatus.InvalidUrl, hop, answer, RedirectTargets.Several.Error, RedirectTargets.Several.Reason));
            }

            if (!RedirectTargets.TryResolve(current, location, out var next, out var refused))
            {
                return Log(Result(CheckStatus.InvalidUrl, hop, answer, refused.Error, refused.Reason));
            }

            if (next.Scheme != Uri.UriSchemeHttp && next.Scheme != Uri.UriSchemeHttps)
            {
                return Log(Result(CheckStatus.InvalidUrl, hop, answer, $"redirect to unsupported scheme '{next.Scheme}'", CheckReasons.UnsupportedScheme));
            }

            if (next.UserInfo.Length > 0)
            {
                return Log(Result(CheckStatus.InvalidUrl, hop, answer, "redirect to a URL with credentials", CheckReasons.CredentialsInUrl));
            }

            if (hops.Count > _options.MaxRedirects)
            {
                return Log(Result(CheckStatus.RedirectLoop, hop, answer, $"more than {_options.MaxRedirects} redirects", CheckReasons.MaxRedirects));
            }

            if (visited.Contains(next.AbsoluteUri + "\n" + cookies.GetCookieHeader(next)))
            {
                return Log(Result(CheckStatus.RedirectLoop, hop, answer, "redirect loop", CheckReasons.Loop));
            }

            permanentRun &= answer.StatusCode is 301 or 308 && !metaRefresh;
            if (permanentRun)
            {
                movedTo = next.AbsoluteUri;
            }

            current = next;
        }

        FetchResult Judge(HttpAnswer answer, Hop hop, PageHead? head)
        {
            if (SoftErrorRules.DetectChallenge(answer.Headers, head) is { } challenge)
            {
                return Result(challenge.Status, hop, answer, challenge.Error, challenge.Reason);
            }

            var status = HttpStatusRules.FromHttpStatus(answer.StatusCode);
            if (answer.StatusCode is 429 or 503 && answer.RetryAfter is { } longWait && longWait > _options.MaxRetryAfter)
            {
                // Not waited for: the host is paused until then (see HostPacer.HoldOff) and the check ends now.
                var seconds = (long)Math.Ceiling(longWait.TotalSeconds);
                return Result(status, hop, answer, $"HTTP {answer.StatusCode} with Retry-After {seconds} s, beyond MaxRetryAfter", CheckReasons.RetryAfter);
            }

            if (answer.StatusCode is >= 200 and < 300)
            {
                var verdict = SoftErrorRules.Judge(requested, current, hops.Count, head);
                return Result(verdict.Status, hop, answer, verdict.Error, verdict.Reason);
            }

            var error = status == CheckStatus.Ok ? null : $"HTTP {answer.StatusCode} {answer.ReasonPhrase}".TrimEnd();
            return Result(status, hop, answer, error, status == CheckStatus.Ok ? null : CheckReasons.HttpStatus(answer.StatusCode));
        }
    }

    private FetchResult Log(FetchResult result)
    {
        // Host only: query strings of cited URLs may carry tokens.
        logger.LogDebug(
            "Fetch of {Host} ended {Status} (HTTP {HttpStatus}) after {Redirects} redirect(s) and {Attempts} attempt(s) in {DurationMs} ms",
            Uri.TryCreate(result.FinalUrl, UriKind.Absolute, out var final) ? final.Host : "?",
            result.Status.ToWireName(),
            result.HttpStatus,
            result.Redirects.Count,
            result.Attempts,
            (long)result.Duration.TotalMilliseconds);
        return result;
    }

    /// <summary>The URL as a request line names it: no fragment, no credentials.</summary>
    internal static string RequestUrl(Uri url) => url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    private static bool TryParseTarget(string url, out Uri target, out (string Error, string Reason) invalid)
    {
        invalid = default;
        var trimmed = url?.Trim();
        // On Unix "/a/b" parses as an implicit file URI; a URL must name its scheme.
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out target!) || !trimmed!.StartsWith(target.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            invalid = ("not an absolute URL", CheckReasons.MalformedUrl);
            return false;
        }

        if (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
        {
            invalid = ($"unsupported scheme '{target.Scheme}'", CheckReasons.UnsupportedScheme);
            return false;
        }

        if (target.UserInfo.Length > 0)
        {
            invalid = ("credentials in the URL are not allowed", CheckReasons.CredentialsInUrl);
            return false;
        }

        return true;
    }

    /// <summary>The state of one hop across its attempts.</summary>
    internal sealed class Hop(PageFetcher fetcher, HttpClient client, Uri url, CookieContainer cookies, LargeBodyTurn turn)
    {
        public LargeBodyTurn Turn { get; } = turn;
        public PageFetcher Fetcher { get; } = fetcher;
        public HttpClient Client { get; } = client;
        public Uri Url { get; } = url;
        public CookieContainer Cookies { get; } = cookies;
        public int Attempts { get; set; }

        /// <summary>True while the turn of the next attempt is taken and not yet used.</summary>
        public bool TurnTaken { get; set; }

        /// <summary>The validators sent with this hop's requests: only to the URL they came from.</summary>
        public ConditionalRequest? Conditional { get; init; }
    }
}
