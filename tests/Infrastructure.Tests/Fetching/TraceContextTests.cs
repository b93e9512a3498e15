using System.Diagnostics;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>A cited site is sent what the monitor means to send, and the record keeps only that.</summary>
public sealed class TraceContextTests
{
    [Fact]
    public async Task AFetchWithinATracedOperation_SendsTheSiteNoTraceContext()
    {
        string[] received = [];
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/informe", (HttpRequest request) =>
        {
            received = [.. request.Headers.Keys];
            return Results.Content("<html><body><p>Informe.</p></body></html>", "text/html");
        }));
        using var host = FetcherHost.Create();

        // An API request or a traced job is the operation a check runs in: its trace is the monitor's, not the site's.
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var operation = new Activity("check").SetIdFormat(ActivityIdFormat.W3C).Start();
        var result = await host.FetchAsync(site.Url("/informe"));

        Assert.NotNull(result.Body);
        Assert.DoesNotContain(received, name => name.Equals("traceparent", StringComparison.OrdinalIgnoreCase)
            || name.Equals("tracestate", StringComparison.OrdinalIgnoreCase) || name.Equals("Request-Id", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(result.Exchange!.RequestHeaders, field => field.Name.Equals("traceparent", StringComparison.OrdinalIgnoreCase));
    }
}
