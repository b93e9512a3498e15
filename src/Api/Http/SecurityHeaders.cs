namespace CitationMonitor.Api.Http;

internal static class SecurityHeaders
{
    /// <summary>For JSON and every other answer that is not a page: nothing may load, nobody may frame it.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The same headers on every answer, errors included (set when the answer starts, after any handler ran). A
    /// header an endpoint set itself wins: the diff page, raw snapshots and mementos bring their own sandboxing
    /// policy. The interactive API reference runs scripts and has its own (<see cref="ApiReference"/>).
    /// </summary>
    /// <remarks>
    /// A few lines rather than a package: the well-known package overwrites headers an endpoint set, and the
    /// endpoints that serve archived bytes must keep their own Content-Security-Policy.
    /// </remarks>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("Referrer-Policy", "no-referrer");
            headers.TryAdd("Cross-Origin-Resource-Policy", "same-origin");
            headers.TryAdd("Content-Security-Policy", ApiReference.ContentSecurityPolicy(http) ?? ApiContentSecurityPolicy);

            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
