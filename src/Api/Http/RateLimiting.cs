using System.Globalization;
using System.Threading.RateLimiting;
using CitationMonitor.Api.Health;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

internal static class RateLimiting
{
    /// <summary>
    /// A fixed window per client address, one for reads and a tighter one for writes (a write may start outbound
    /// fetches). Writes that fail authentication (no key, a wrong key, or a client elsewhere while no key is
    /// configured) count in a window of their own, so a keyless client behind a shared address cannot use up the
    /// writes of the key holders there. Over the limit: 429 problem+json with Retry-After. The health probes
    /// (<c>/healthz</c>, <c>/health/live</c>, <c>/health/ready</c>) are exempt.
    /// </summary>
    /// <remarks>Must run after authentication, which tells the two kinds of writes apart.</remarks>
    public static IServiceCollection AddMonitorRateLimiting(this IServiceCollection services)
    {
        services.AddMonitorSection<RateLimitOptions>(RateLimitOptions.Section);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (HealthEndpoints.IsProbe(context.Request.Path))
                {
                    return RateLimitPartition.GetNoLimiter("probe");
                }

                var limits = context.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                var isWrite = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
                var bucket = !isWrite ? "read" : context.User.Identity?.IsAuthenticated == true ? "write" : "unauthenticated-write";
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(
                    $"{bucket}:{client}",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = isWrite ? limits.WritesPerMinute : limits.RequestsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This client has made too many requests; try again in {seconds} s.",
                    },
                });
            };
        });
        return services;
    }
}
