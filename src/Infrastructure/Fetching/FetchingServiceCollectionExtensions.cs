using System.Net;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Fetching;

public static class FetchingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IPageFetcher"/> and its named HttpClient. <see cref="FetchOptions"/> is bound elsewhere
    /// (<c>AddOptions&lt;FetchOptions&gt;().BindConfiguration(FetchOptions.Section)</c>).
    /// </summary>
    public static IServiceCollection AddPageFetching(this IServiceCollection services)
    {
        services.TryAddSingleton<TimeProvider>(MicrosecondClock.Instance);
        services.AddHttpClient(PageFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(
                provider.GetRequiredService<IOptions<FetchOptions>>().Value,
                provider.GetRequiredService<TargetAddressPolicy>()));
        services.TryAddSingleton(TargetAddressPolicy.Default);
        services.AddHostPoliteness();
        services.AddFetchPipelines();
        services.TryAddSingleton<HttpAttempts>();
        services.TryAddSingleton<LargeBodies>();
        services.TryAddSingleton<IPageFetcher, PageFetcher>();
        return services;
    }

    private static SocketsHttpHandler CreateHandler(FetchOptions options, TargetAddressPolicy policy) => new()
    {
        // Redirects are followed by PageFetcher, one recorded hop at a time.
        AllowAutoRedirect = false,
        // PageFetcher offers and undoes content codings itself, so that Content-Encoding stays on record as received.
        AutomaticDecompression = DecompressionMethods.None,
        // The private-network rule must judge the address really connected to, never a proxy's.
        UseProxy = false,
        // Cookies are kept per check by PageFetcher, never shared between checks.
        UseCookies = false,
        // A cited site is sent what the monitor means to send, and the record keeps only that: the trace of the operation
        // a check runs in (an API request, a job) is the monitor's own, not a header for the site.
        ActivityHeadersPropagator = null,
        ConnectTimeout = options.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectCallback = new GuardedConnector(options.AllowPrivateNetworks, policy).ConnectAsync,
    };
}
