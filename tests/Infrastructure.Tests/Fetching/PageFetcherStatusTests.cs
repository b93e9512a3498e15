using CitationMonitor.Domain.Checks;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>One scenario per check status that an HTTP answer decides.</summary>
public sealed class PageFetcherStatusTests
{
    internal static IResult Html(string title, string body = "<p>Contenido del informe.</p>") =>
        Results.Content($"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>", "text/html; charset=utf-8");

    [Fact]
    public async Task Fetch_HtmlPage_IsOk()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/informe", (HttpContext context) =>
        {
            context.Response.Headers["X-Test"] = "1";
            return Html("Informe anual sobre desapariciones");
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informe"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(server.Url("/informe"), result.Url);
        Assert.Equal(server.Url("/informe"), result.FinalUrl);
        Assert.Empty(result.Redirects);
        Assert.Null(result.Error);
        Assert.Null(result.Reason);
        Assert.Equal("text/html; charset=utf-8", result.ContentType);
        Assert.Equal("1", result.ResponseHeaders["x-test"]);
        Assert.Contains("Informe anual", System.Text.Encoding.UTF8.GetString(result.Body!), StringComparison.Ordinal);
        Assert.False(result.Truncated);
    }

    [Theory]
    [InlineData(404, CheckStatus.NotFound)]
    [InlineData(410, CheckStatus.Gone)]
    [InlineData(401, CheckStatus.Blocked)]
    [InlineData(403, CheckStatus.Blocked)]
    [InlineData(400, CheckStatus.ClientError)]
    [InlineData(418, CheckStatus.ClientError)]
    public async Task Fetch_NonTransientErrorStatus_IsMappedWithoutRetry(int httpStatus, CheckStatus expected)
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
        {
            Interlocked.Increment(ref hits[0]);
            return Results.StatusCode(httpStatus);
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(expected, result.Status);
        Assert.Equal(httpStatus, result.HttpStatus);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, hits[0]);
        Assert.StartsWith($"HTTP {httpStatus}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_TooManyRequestsEveryTime_IsRateLimitedAfterAllAttempts()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
        {
            Interlocked.Increment(ref hits[0]);
            return Results.StatusCode(429);
        }));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 2);

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.RateLimited, result.Status);
        Assert.Equal(429, result.HttpStatus);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, hits[0]);
    }

    [Fact]
    public async Task Fetch_TooManyRequestsWithLongRetryAfter_IsRateLimitedWithoutWaiting()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", (HttpContext context) =>
        {
            Interlocked.Increment(ref hits[0]);
            context.Response.Headers.RetryAfter = "3600";
            return Results.StatusCode(429);
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.RateLimited, result.Status);
        Assert.Equal(CheckReasons.RetryAfter, result.Reason);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(1, hits[0]);
    }

    [Fact]
    public async Task Fetch_ShortRetryAfter_IsHonouredAndRetried()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", (HttpContext context) =>
        {
            if (Interlocked.Increment(ref hits[0]) == 1)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(503);
            }

            return Html("Informe");
        }));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Fetch_ServerErrorEveryTime_IsServerErrorAfterAllAttempts()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
        {
            Interlocked.Increment(ref hits[0]);
            return Results.StatusCode(500);
        }));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 2);

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.ServerError, result.Status);
        Assert.Equal(500, result.HttpStatus);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, hits[0]);
    }

    [Fact]
    public async Task Fetch_ServiceUnavailableThenOk_IsOkOnSecondAttempt()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () =>
            Interlocked.Increment(ref hits[0]) == 1 ? Results.StatusCode(503) : Html("Informe")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Fetch_NoRetriesConfigured_MakesOneAttempt()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/doc", () => Results.StatusCode(502)));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.ServerError, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task Fetch_EndpointSlowerThanTimeout_IsTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted)));
        using var host = FetcherHost.Create(options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.RetryAttempts = 1;
        });

        var result = await host.FetchAsync(server.Url("/slow"));

        Assert.Equal(CheckStatus.Timeout, result.Status);
        Assert.Null(result.HttpStatus);
        Assert.Equal(2, result.Attempts);
        Assert.Equal("timed out after 0.3 s", result.Error);
    }

    [Fact]
    public async Task Fetch_BodyStallsAfterHeaders_IsTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/stall", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>Informe", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        }));
        using var host = FetcherHost.Create(options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.RetryAttempts = 0;
        });

        var result = await host.FetchAsync(server.Url("/stall"));

        Assert.Equal(CheckStatus.Timeout, result.Status);
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/file.pdf", CheckReasons.UnsupportedScheme)]
    [InlineData("file:///etc/passwd", CheckReasons.UnsupportedScheme)]
    [InlineData("http://user:pw@127.0.0.1/", CheckReasons.CredentialsInUrl)]
    [InlineData("not a url", CheckReasons.MalformedUrl)]
    [InlineData("/relative/path", CheckReasons.MalformedUrl)]
    public async Task Fetch_UnfetchableUrl_IsInvalidUrlWithoutRequest(string url, string reason)
    {
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(url);

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(0, result.Attempts);
        Assert.NotNull(result.Error);
        Assert.Null(result.HttpStatus);
    }
}
