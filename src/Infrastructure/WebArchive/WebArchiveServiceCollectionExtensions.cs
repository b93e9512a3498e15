using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace CitationMonitor.Infrastructure.WebArchive;

internal static class WebArchiveServiceCollectionExtensions
{
    /// <summary>
    /// The web archive's client, apart from the fetch client: the operator chose the archive's endpoints, so loopback and
    /// private addresses are allowed here, and redirects are followed (the archive redirects to its nearest capture).
    /// </summary>
    public static IServiceCollection AddWebArchive(this IServiceCollection services)
    {
        services.AddHttpClient(WebArchiveClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                AutomaticDecompression = System.Net.DecompressionMethods.All,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        services.AddResiliencePipeline(FetchPipelines.WebArchive, (builder, context) =>
        {
            FetchPipelines.LogEvents(builder, context);
            builder.TimeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
            WebArchiveClient.AddResilience(builder, context.ServiceProvider.GetRequiredService<IOptions<ArchiveOptions>>().Value);
        });
        services.AddSingleton<WebArchiveClient>();
        services.AddSingleton<ArchiveWorkStore>();
        services.AddSingleton<BaselineRecorder>();
        services.AddSingleton<WebArchiveLinks>();
        return services;
    }
}
