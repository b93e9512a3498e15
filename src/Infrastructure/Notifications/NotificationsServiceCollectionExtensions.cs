using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Notifications;

internal static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The webhook client, apart from the fetch client: receivers are configured by the operator, so loopback and private
    /// addresses are allowed here (the fetch client's AllowPrivateNetworks rule is about cited URLs).
    /// </summary>
    public static IServiceCollection AddWebhookHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect is an answer the receiver must fix, not one to follow with the signed body.
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The default handler logging writes request URLs, and a receiver's URL may carry its own token.
            .RemoveAllLoggers();
        return services;
    }
}
