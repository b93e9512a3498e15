using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.TestSupport.Servers;

/// <summary>
/// What a test server saw: when each request arrived and how many were in flight at once. Attach it first in a
/// <see cref="LoopbackServer"/>'s map, before any route; requests to <see cref="WarmUpPath"/> are answered and not
/// recorded.
/// </summary>
public sealed class RequestLog
{
    public const string WarmUpPath = "/warm-up";

    private readonly Lock _lock = new();
    private readonly List<(long Timestamp, string Path)> _arrivals = [];
    private int _inFlight;

    /// <summary>Most requests in flight at one time.</summary>
    public int PeakInFlight { get; private set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>The paths requested, in order of arrival.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock)
            {
                return [.. _arrivals.Select(a => a.Path)];
            }
        }
    }

    /// <summary>Arrival times, in order, as stopwatch timestamps (comparable across logs).</summary>
    public IReadOnlyList<long> Arrivals
    {
        get
        {
            lock (_lock)
            {
                return [.. _arrivals.Select(a => a.Timestamp)];
            }
        }
    }

    /// <summary>The shortest time between two consecutive arrivals; null with fewer than two.</summary>
    public TimeSpan? SmallestGap
    {
        get
        {
            var arrivals = Arrivals;
            return arrivals.Count < 2
                ? null
                : arrivals.Zip(arrivals.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b)).Min();
        }
    }

    /// <summary>The gaps between consecutive arrivals, in order.</summary>
    public IReadOnlyList<TimeSpan> Gaps
    {
        get
        {
            var arrivals = Arrivals;
            return [.. arrivals.Zip(arrivals.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b))];
        }
    }

    public void Attach(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            if (context.Request.Path == WarmUpPath)
            {
                await context.Response.WriteAsync("warm");
                return;
            }

            lock (_lock)
            {
                _arrivals.Add((Stopwatch.GetTimestamp(), context.Request.Path + context.Request.QueryString));
                _inFlight++;
                PeakInFlight = Math.Max(PeakInFlight, _inFlight);
            }

            try
            {
                await next(context);
            }
            finally
            {
                lock (_lock)
                {
                    _inFlight--;
                }
            }
        });

        // Routing after the log: a request's arrival is taken before the endpoint is matched (and, the first time, built).
        app.UseRouting();
    }
}
