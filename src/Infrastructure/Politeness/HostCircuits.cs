using System.Collections.Concurrent;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// One Polly circuit breaker per host (by name, any port), process-wide, from Polly's registry
/// (<see cref="FetchPipelines"/>), which logs it opening and closing. Each request to a host, after its retries, is
/// one sample; a connection-level failure (<c>dns_error</c>, <c>connection_error</c>, <c>timeout</c>) counts against
/// the host. When at least <see cref="FetchOptions.HostBreakAfterFailures"/> requests to a host within
/// <see cref="SamplingWindow"/> all failed, its circuit opens for <see cref="FetchOptions.HostBreak"/>: no request is
/// sent to it, and checks that would are postponed. Then one trial request goes through: if it fails the circuit
/// opens again for twice as long (up to <see cref="FetchOptions.HostBreakMax"/>), if it succeeds the host is back.
/// </summary>
internal sealed class HostCircuits
{
    /// <summary>How far back the failures that open a circuit are counted.</summary>
    public static readonly TimeSpan SamplingWindow = TimeSpan.FromMinutes(10);

    private readonly ResiliencePipelineProvider<FetchPipelineKey> _pipelines;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new(StringComparer.Ordinal);
    private readonly FetchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HostCircuits> _logger;

    private readonly ISharedHosts _shared;

    public HostCircuits(
        ResiliencePipelineProvider<FetchPipelineKey> pipelines, IOptions<FetchOptions> options, TimeProvider time, ISharedHosts shared,
        ILogger<HostCircuits> logger)
    {
        _pipelines = pipelines;
        _shared = shared;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The circuit breaker of a host; executing through it while it is open throws <see cref="BrokenCircuitException"/>.</summary>
    public ResiliencePipeline For(string host) => _pipelines.GetPipeline(FetchPipelines.CircuitOf(host));

    /// <summary>Until when the host's circuit is open; null while requests may go to it.</summary>
    public DateTimeOffset? OpenUntil(string host) =>
        _openUntil.TryGetValue(HostPacer.KeyOf(host), out var until) && until > _time.GetUtcNow() ? until : null;

    /// <summary>The hosts whose circuit is open now.</summary>
    public IEnumerable<string> OpenHosts()
    {
        var now = _time.GetUtcNow();
        return _openUntil.Where(h => h.Value > now).Select(h => h.Key);
    }

    /// <summary>True for the failures that say the host itself is unreachable, the ones that count against its circuit.</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is not (HostPausedException or OperationCanceledException or LargeBodyTurnBusyException)
        && FetchFailures.Classify(exception).Status is CheckStatus.ConnectionError or CheckStatus.DnsError or CheckStatus.Timeout;

    /// <summary>
    /// True for a trial request that never reached the host: a retry of it whose turn was refused (a pause recorded
    /// meanwhile, the shared turns unreadable). Polly counts every outcome it does not handle as a success, and a
    /// success closes a half-open circuit: the host would be back without having answered. Such a trial fails
    /// instead, and the circuit opens again. (The first attempt's turn is taken before the circuit is asked, so a
    /// refused one is no trial at all.)
    /// </summary>
    private static bool IsUnansweredTrial(Exception exception, CircuitState state) =>
        exception is HostPausedException && state == CircuitState.HalfOpen;

    /// <summary>Adds the circuit breaker of <paramref name="host"/> (a <see cref="HostPacer.KeyOf"/> key) to its pipeline.</summary>
    internal void AddBreaker(ResiliencePipelineBuilder builder, string host)
    {
        builder.TimeProvider = _time;
        var first = _options.HostBreak;
        var longest = _options.HostBreakMax > first ? _options.HostBreakMax : first;
        var state = new CircuitBreakerStateProvider();
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            StateProvider = state,
            FailureRatio = 1.0,
            MinimumThroughput = _options.HostBreakAfterFailures,
            SamplingDuration = SamplingWindow,
            BreakDuration = first,
            BreakDurationGenerator = arguments =>
            {
                // Doubles with every failed trial request: 5 min, 10 min, 20 min… up to the longest.
                var factor = Math.Pow(2, Math.Min(arguments.HalfOpenAttempts, 20));
                var duration = first * factor;
                return ValueTask.FromResult(duration < longest ? duration : longest);
            },
            ShouldHandle = arguments => ValueTask.FromResult(
                !arguments.Context.CancellationToken.IsCancellationRequested
                && arguments.Outcome.Exception is { } exception
                && (IsConnectionFailure(exception) || IsUnansweredTrial(exception, state.CircuitState))),
            OnOpened = async arguments =>
            {
                var until = _time.GetUtcNow() + arguments.BreakDuration;
                _openUntil[host] = until;
                _logger.LogWarning(
                    "Host {Host} keeps failing to connect: its checks are postponed until {Until:O}", host, until);

                // Every worker sharing the database holds off too.
                await _shared.SetCircuitAsync(host, arguments.BreakDuration, CancellationToken.None);
            },
            OnClosed = async _ =>
            {
                _openUntil.TryRemove(host, out DateTimeOffset _);
                _logger.LogInformation("Host {Host} answers again: its circuit is closed", host);
                await _shared.SetCircuitAsync(host, null, CancellationToken.None);
            },
        });
    }
}
