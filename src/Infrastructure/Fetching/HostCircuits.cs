using System.Collections.Concurrent;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// One Polly circuit breaker per host (by name, any port), process-wide. Each request to a host, after its retries, is
/// one sample; a connection-level failure (<c>dns_error</c>, <c>connection_error</c>, <c>timeout</c>) counts against
/// the host. When at least <see cref="FetchOptions.HostBreakAfterFailures"/> requests to a host within
/// <see cref="SamplingWindow"/> all failed, its circuit opens for <see cref="FetchOptions.HostBreak"/>: no request is
/// sent to it, and checks that would are postponed. Then one trial request goes through: if it fails the circuit
/// opens again for twice as long (up to <see cref="FetchOptions.HostBreakMax"/>), if it succeeds the host is back.
/// </summary>
internal sealed class HostCircuits : IDisposable
{
    /// <summary>How far back the failures that open a circuit are counted.</summary>
    public static readonly TimeSpan SamplingWindow = TimeSpan.FromMinutes(10);

    private readonly ResiliencePipelineRegistry<string> _registry = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _openUntil = new(StringComparer.Ordinal);
    private readonly FetchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<HostCircuits> _logger;

    public HostCircuits(IOptions<FetchOptions> options, TimeProvider time, ILogger<HostCircuits> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The circuit breaker of a host; executing through it while it is open throws <see cref="BrokenCircuitException"/>.</summary>
    public ResiliencePipeline For(string host) =>
        _registry.GetOrAddPipeline(HostPacer.KeyOf(host), (builder, context) => Build(builder, context.PipelineKey));

    /// <summary>Until when the host's circuit is open; null while requests may go to it.</summary>
    public DateTimeOffset? OpenUntil(string host) =>
        _openUntil.TryGetValue(HostPacer.KeyOf(host), out var until) && until > _time.GetUtcNow() ? until : null;

    /// <summary>True for the failures that say the host itself is unreachable, the ones that count against its circuit.</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is not (HostPausedException or OperationCanceledException or LargeBodyTurnBusyException)
        && FetchFailures.Classify(exception).Status is CheckStatus.ConnectionError or CheckStatus.DnsError or CheckStatus.Timeout;

    private void Build(ResiliencePipelineBuilder builder, string host)
    {
        builder.TimeProvider = _time;
        var first = _options.HostBreak;
        var longest = _options.HostBreakMax > first ? _options.HostBreakMax : first;
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
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
                && IsConnectionFailure(exception)),
            OnOpened = arguments =>
            {
                var until = _time.GetUtcNow() + arguments.BreakDuration;
                _openUntil[host] = until;
                _logger.LogWarning(
                    "Host {Host} keeps failing to connect: its checks are postponed until {Until:O}", host, until);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                _openUntil.TryRemove(host, out DateTimeOffset _);
                _logger.LogInformation("Host {Host} answers again: its circuit is closed", host);
                return ValueTask.CompletedTask;
            },
        });
    }

    public void Dispose() => _registry.Dispose();
}
