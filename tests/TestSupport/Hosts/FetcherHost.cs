using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>The fetcher as the hosts build it (real DI, real handler), with options fit for fast loopback tests.</summary>
internal sealed class FetcherHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private FetcherHost(ServiceProvider provider)
    {
        _provider = provider;
        Fetcher = provider.GetRequiredService<IPageFetcher>();
    }

    public IPageFetcher Fetcher { get; }

    /// <summary>
    /// The fetcher; <paramref name="addresses"/> replaces how names resolve and which addresses are refused, and
    /// <paramref name="logs"/> receives what the services log.
    /// </summary>
    public static FetcherHost Create(Action<FetchOptions>? configure = null, TargetAddressPolicy? addresses = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        if (addresses is not null)
        {
            services.AddSingleton(addresses);
        }

        services.AddOptions<FetchOptions>().Configure(options =>
        {
            options.AllowPrivateNetworks = true;
            options.RetryAttempts = 2;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.Timeout = TimeSpan.FromSeconds(2);
            options.PerHostDelay = TimeSpan.Zero;
            options.UserAgent = "CitationMonitorTests/1.0 (+https://example.org/tests)";
            configure?.Invoke(options);
        });
        services.AddPageFetching();
        return new FetcherHost(services.BuildServiceProvider(validateScopes: true));
    }

    public Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken = default) =>
        Fetcher.FetchAsync(url, cancellationToken);

    public void Dispose() => _provider.Dispose();
}
