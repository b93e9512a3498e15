using System.Net;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary><c>Monitor:ForwardedHeaders</c>: the reverse proxies whose forwarded headers are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Monitor:ForwardedHeaders";

    /// <summary>
    /// IP addresses of the proxies in front of the monitor (e.g. <c>127.0.0.1</c> for one on the same machine). Empty:
    /// no proxy is trusted, and every client is the address its connection comes from.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];
}

/// <summary>Refuses, at start-up, a <c>Monitor:ForwardedHeaders:KnownProxies</c> entry that is not an IP address, one line each.</summary>
internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = options.KnownProxies
            .Select((value, index) => (value, index))
            .Where(entry => !IPAddress.TryParse(entry.value?.Trim(), out _))
            .Select(entry => $"{ForwardedHeadersSettings.Section}:{nameof(ForwardedHeadersSettings.KnownProxies)}:{entry.index}: "
                + $"'{entry.value}' is not an IP address; list each proxy by its address, e.g. 10.0.0.5 or ::1")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class TrustedProxies
{
    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto, believed only from the proxies of <c>Monitor:ForwardedHeaders:KnownProxies</c>
    /// (ASP.NET Core's own loopback defaults cleared), so that the client address the rate limits and the loopback rule
    /// for writes see is the one the proxy gives. X-Forwarded-Host is never read: links to the monitor come from
    /// <see cref="SelfLinks"/>, not from the request.
    /// </summary>
    public static IServiceCollection AddMonitorForwardedHeaders(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddMonitorSection<ForwardedHeadersSettings>(ForwardedHeadersSettings.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor
                | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();

            // Each hop is believed only when the address it came from is a known proxy, so a chain of known proxies is
            // walked back to the first address that is not one: the client.
            options.ForwardLimit = null;
            foreach (var proxy in settings.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
        });
        return services;
    }

    /// <summary>
    /// The forwarded-headers middleware, first in the pipeline, when at least one proxy is known. Left out otherwise: with
    /// no known proxy, the framework's middleware would believe every client.
    /// </summary>
    public static IApplicationBuilder UseMonitorForwardedHeaders(this IApplicationBuilder app) => app.Use(next =>
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>();
        return options.Value.KnownProxies.Count == 0
            ? next
            : new ForwardedHeadersMiddleware(next, app.ApplicationServices.GetRequiredService<ILoggerFactory>(), options).Invoke;
    });
}
