using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;
using Polly.DependencyInjection;
using Polly.Retry;
using Polly.Telemetry;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// A fetch pipeline in Polly's registry: its <see cref="Name"/> picks the registration that builds it, its
/// <see cref="Host"/> (empty for one shared by every host) the instance, which Polly's log events name.
/// </summary>
internal readonly record struct FetchPipelineKey(string Name, string Host);

/// <summary>
/// The retries of one request (one pipeline for every host) and each host's circuit breaker (one per host, by
/// <see cref="HostPacer.KeyOf"/>), built by the registry Polly.Extensions keeps in DI, with the host's
/// <see cref="TimeProvider"/> and its logging: a retry and a circuit opening, half-opening or closing are logged under
/// the category <c>Polly</c>, with the host as the operation key (retries) or the pipeline instance (circuits).
/// </summary>
internal static class FetchPipelines
{
    private const string CircuitName = "host-circuit";

    public static FetchPipelineKey Retries { get; } = new("fetch-retries", "");

    public static FetchPipelineKey CircuitOf(string host) => new(CircuitName, HostPacer.KeyOf(host));

    /// <summary>The requests to a web archive (registered by the web archive's services).</summary>
    public static FetchPipelineKey WebArchive { get; } = new("web-archive", "");

    public static IServiceCollection AddFetchPipelines(this IServiceCollection services)
    {
        services.AddResiliencePipelineRegistry<FetchPipelineKey>(options =>
        {
            options.BuilderComparer = ByName.Instance;
            options.BuilderNameFormatter = key => key.Name;
            options.InstanceNameFormatter = key => key.Host;
        });
        services.AddResiliencePipeline<FetchPipelineKey, HttpAnswer>(Retries, (builder, context) =>
        {
            LogEvents(builder, context);
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            AddRetries(builder, context.ServiceProvider.GetRequiredService<IOptions<FetchOptions>>().Value);
        });
        services.AddResiliencePipeline(new FetchPipelineKey(CircuitName, ""), (builder, context) =>
        {
            LogEvents(builder, context);
            context.ServiceProvider.GetRequiredService<HostCircuits>().AddBreaker(builder, context.PipelineKey.Host);
        });
        return services;
    }

    /// <summary>Longest backoff between attempts (a Retry-After is waited for up to <see cref="FetchOptions.MaxRetryAfter"/>).</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>The retries of one hop's request, none when <see cref="FetchOptions.RetryAttempts"/> is 0.</summary>
    private static void AddRetries(ResiliencePipelineBuilder<HttpAnswer> builder, FetchOptions options)
    {
        if (options.RetryAttempts == 0)
        {
            return;
        }

        // A Retry-After longer than this is not waited for: the answer stands (rate_limited, server_error).
        var retryAfterCap = options.MaxRetryAfter;

        builder
            .AddRetry(new RetryStrategyOptions<HttpAnswer>
            {
                MaxRetryAttempts = options.RetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryBaseDelay > MaxRetryDelay ? options.RetryBaseDelay : MaxRetryDelay,
                ShouldHandle = arguments => ValueTask.FromResult(
                    !arguments.Context.CancellationToken.IsCancellationRequested
                    && arguments.Outcome switch
                    {
                        { Exception: HostPausedException or LargeBodyTurnBusyException } => false,
                        { Exception: { } exception } => FetchFailures.Classify(exception).IsTransient,
                        { Result: { } answer } => HttpStatusRules.IsTransient(answer.StatusCode)
                            && (answer.RetryAfter is null || answer.RetryAfter <= retryAfterCap),
                        _ => false,
                    }),
                DelayGenerator = arguments => ValueTask.FromResult(arguments.Outcome.Result?.RetryAfter),
            });
    }

    /// <summary>Polly's events of a pipeline logged under the category <c>Polly</c>, at the monitor's levels.</summary>
    internal static void LogEvents<TBuilder>(TBuilder builder, AddResiliencePipelineContext<FetchPipelineKey> context)
        where TBuilder : ResiliencePipelineBuilderBase =>
        builder.ConfigureTelemetry(new TelemetryOptions(context.GetOptions<TelemetryOptions>()) { SeverityProvider = Severity });

    private static ResilienceEventSeverity Severity(SeverityProviderArguments arguments) => arguments.Event switch
    {
        // Each execution and attempt is on its check's record already; what changes something (a retry, a circuit) is logged.
        { EventName: "PipelineExecuting" or "PipelineExecuted" or "ExecutionAttempt" } => ResilienceEventSeverity.Debug,

        // Routine for sites that stumble: information. A circuit opening is told as a warning, in words, by HostCircuits.
        { EventName: "OnRetry" or "OnCircuitOpened" or "OnCircuitHalfOpened" or "OnCircuitClosed" } => ResilienceEventSeverity.Information,

        // A host that keeps failing is what the monitor reports, not a fault of its own.
        { Severity: ResilienceEventSeverity.Error or ResilienceEventSeverity.Critical } => ResilienceEventSeverity.Warning,
        { Severity: var severity } => severity,
    };

    /// <summary>Registrations are found by name alone, so one serves every host.</summary>
    private sealed class ByName : IEqualityComparer<FetchPipelineKey>
    {
        public static ByName Instance { get; } = new();

        public bool Equals(FetchPipelineKey x, FetchPipelineKey y) => string.Equals(x.Name, y.Name, StringComparison.Ordinal);

        public int GetHashCode(FetchPipelineKey obj) => StringComparer.Ordinal.GetHashCode(obj.Name);
    }
}
