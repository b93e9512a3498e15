using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary><c>Monitor:Cors</c>: web origins (dashboards) whose scripts may read the API from a browser.</summary>
public sealed class ReadCorsOptions
{
    public const string Section = "Monitor:Cors";

    /// <summary>Origins such as <c>https://dashboard.example.org</c>, or <c>*</c> for any; empty = no CORS headers at all.</summary>
    public string[] Origins { get; set; } = [];
}

internal static class ReadCors
{
    /// <summary>Headers a dashboard may read from a cross-origin answer.</summary>
    private static readonly string[] Exposed = ["Link", "Memento-Datetime", "Retry-After", "Location", "Content-Disposition", "Vary", "ETag"];

    /// <summary>
    /// CORS for reads only (GET and HEAD, and their preflights), from <c>Monitor:Cors:Origins</c>. Writes never get
    /// CORS headers, so a page in a browser can never post with the browser's reach into the operator's network.
    /// </summary>
    public static IServiceCollection AddReadCors(this IServiceCollection services)
    {
        services.AddMonitorSection<ReadCorsOptions>(ReadCorsOptions.Section)
            .Validate(options => options.Origins.All(IsOrigin), "Monitor:Cors:Origins must list origins such as https://dashboard.example.org (scheme, host and optional port, no path), or *.");
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<ReadCorsOptions>>((cors, settings) =>
        {
            var origins = settings.Value.Origins;
            if (origins.Length == 0)
            {
                return;
            }

            cors.AddDefaultPolicy(policy =>
            {
                if (origins.Contains("*"))
                {
                    policy.AllowAnyOrigin();
                }
                else
                {
                    policy.WithOrigins([.. origins.Select(o => o.TrimEnd('/'))]);
                }

                policy.WithMethods(HttpMethods.Get, HttpMethods.Head)
                    .WithHeaders("Accept-Datetime", "If-None-Match", "If-Modified-Since")
                    .WithExposedHeaders(Exposed)
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            });
        });
        return services;
    }

    /// <summary>The CORS middleware, on reads and their preflights only.</summary>
    public static IApplicationBuilder UseReadCors(this IApplicationBuilder app) =>
        app.UseWhen(IsRead, branch => branch
            .Use((context, next) =>
            {
                // The answer depends on the Origin header even when one origin is allowed: a shared cache must not
                // give one origin's answer to another.
                if (context.Request.Headers.Origin.Count > 0)
                {
                    context.Response.Headers.Append("Vary", "Origin");
                }

                return next(context);
            })
            .UseCors());

    private static bool IsRead(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsOptions(method))
        {
            method = context.Request.Headers.AccessControlRequestMethod.ToString();
        }

        return HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
    }

    private static bool IsOrigin(string origin) =>
        origin == "*"
        || (Uri.TryCreate(origin.TrimEnd('/'), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0);
}
