using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>Everything the API logs, at the most verbose level, while clients present right and wrong keys.</summary>
public sealed class SecretLoggingTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:ApiKeys:0"] = "s3cret-key-that-must-not-be-logged",
    ["Serilog:MinimumLevel:Default"] = "Verbose",
    ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Verbose",
    ["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose",
})
{
    private readonly CapturingSink _sink = new();

    public override Task InitializeAsync()
    {
        // The host's own Serilog logger (ReadFrom.Services) writes to this sink besides its configured ones.
        Client = Factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(_sink)))
            .CreateClient();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ApiKeys_AreNeverLogged_AcceptedOrRefused()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("s3cret-key-that-must-not-be-logged")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync("wrong-key-that-must-not-be-logged-either")).StatusCode);

        // The request log is written as each request ends, which may be just after the client has its answer.
        static bool Responded(List<string> events, string status) =>
            events.Any(e => e.Contains("RequestLoggingMiddleware", StringComparison.Ordinal) && e.Contains($"StatusCode={status}", StringComparison.Ordinal));
        Assert.True(
            await Eventually.TrueWithinAsync(() => Task.FromResult(Responded(_sink.Rendered(), "201") && Responded(_sink.Rendered(), "401")), TimeSpan.FromSeconds(15)),
            "both requests were logged: " + string.Join("\n", _sink.Rendered().Where(e => e.Contains("RequestLogging", StringComparison.Ordinal))));
        var events = _sink.Rendered();
        Assert.DoesNotContain(events, e => e.Contains("s3cret-key", StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => e.Contains("wrong-key", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> PostAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/citations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { url = "https://example.org/x" }),
        };
        request.Headers.Add("X-Api-Key", key);
        return await Client.SendAsync(request);
    }

    private sealed class CapturingSink : ILogEventSink
    {
        private readonly List<string> _events = [];

        public void Emit(LogEvent logEvent)
        {
            // The message and every property, exceptions included: all a sink could write anywhere.
            var text = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture) + " "
                + string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + logEvent.Exception;
            lock (_events)
            {
                _events.Add(text);
            }
        }

        public List<string> Rendered()
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }
}
