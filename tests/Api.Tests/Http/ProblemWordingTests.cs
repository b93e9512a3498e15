using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// Every kind of bad input, on the write endpoints and a few reads, is answered with a problem+json that says what was
/// wrong in the client's own terms (the JSON field, the line and byte, the media type, the path parameter) and never
/// in the framework's: no .NET type, namespace or parameter, no binder phrase. The framework's own words go to the log.
/// </summary>
public sealed class ProblemWordingTests() : ApiTest(new Dictionary<string, string?>
{
    // Over a hundred refused writes from one client, in one test.
    ["Monitor:RateLimit:WritesPerMinute"] = "100000",
    ["Monitor:RateLimit:RequestsPerMinute"] = "100000",
})
{
    /// <summary>What a problem body must never hold: names of the implementation, and the framework's phrases.</summary>
    private static readonly string[] Unsaid =
    [
        "CitationMonitor.", "System.", "Microsoft.", "Implicit body", "Failed to read", "Failed to bind", "Did you mean",
        "parameter \"", "JsonException", "JSON value could not be converted", "Path: $", "LineNumber", "BytePositionInLine",
        "The field ", "field is required", "AddCitationRequest", "CreateDocumentRequest", "JsonElement", "Int64", "String",
        "Nullable", "reader options", "Expected a supported JSON media type", "Exception", "   at ",
    ];

    private readonly CapturingLogger _log = new();

    public override Task InitializeAsync()
    {
        Client = Factory.WithWebHostBuilder(builder => builder.ConfigureServices(
            services => services.AddSingleton<ILogger<BadRequestExceptionHandler>>(_log))).CreateClient();
        return Task.CompletedTask;
    }

    /// <summary>One bad request: no Content-Type or no body when null; the field its problem must name, when one.</summary>
    private sealed record BadInput(string Method, string Path, string? ContentType, string? Body, int Status, string? Field);

    private static List<BadInput> BadInputs()
    {
        const string Json = "application/json";
        var data = new List<BadInput>();
        void Add(string method, string path, string? contentType, string? body, int status, string? field) =>
            data.Add(new BadInput(method, path, contentType, body, status, field));

        foreach (var (method, path) in new[]
        {
            ("POST", "/api/citations"), ("POST", "/api/documents"), ("PATCH", "/api/citations/1"), ("PATCH", "/api/documents/1/citations/1"),
            ("PATCH", "/api/documents/1"),
        })
        {
            // Malformed JSON: cut off, a trailing comma, a bare word, single quotes, bytes that are not UTF-8, too deep.
            Add(method, path, Json, "{\"url\":", 400, null);
            Add(method, path, Json, "{\"title\":\"x\",}", 400, null);
            Add(method, path, Json, "hello", 400, null);
            Add(method, path, Json, "{'quote':'x'}", 400, null);
            Add(method, path, Json, "\u00ff\u00fe{}", 400, null);
            Add(method, path, Json, new string('[', 100) + new string(']', 100), 400, null);
            // No body, or nothing in it.
            Add(method, path, Json, null, 400, null);
            Add(method, path, Json, "", 400, null);
            Add(method, path, Json, "   ", 400, null);
            Add(method, path, Json, "null", 400, null);
            // The wrong media type, or none.
            Add(method, path, "text/plain", "{\"url\":\"https://www.gob.mx/\"}", 415, null);
            Add(method, path, "application/xml", "<citation/>", 415, null);
            Add(method, path, "application/x-www-form-urlencoded", "url=https://www.gob.mx/", 415, null);
            Add(method, path, null, "{\"url\":\"https://www.gob.mx/\"}", 415, null);
            // Far over the endpoint's limit.
            Add(method, path, Json, "{\"text\":\"" + new string('x', 6 * 1024 * 1024) + "\"}", 413, null);
        }

        // Valid JSON of the wrong shape: the field named as the client sent it.
        Add("POST", "/api/citations", Json, "{\"url\":5}", 400, "url");
        Add("POST", "/api/citations", Json, "{\"url\":{\"href\":\"https://www.gob.mx/\"}}", 400, "url");
        Add("POST", "/api/citations", Json, "{\"url\":\"https://www.gob.mx/\",\"documentId\":\"abc\"}", 400, "documentId");
        Add("POST", "/api/citations", Json, "{\"url\":\"https://www.gob.mx/\",\"documentId\":1.5}", 400, "documentId");
        Add("POST", "/api/citations", Json, "{\"url\":\"https://www.gob.mx/\",\"documentId\":99999999999999999999}", 400, "documentId");
        Add("POST", "/api/citations", Json, "{\"url\":\"https://www.gob.mx/\",\"context\":[\"a\"]}", 400, "context");
        Add("POST", "/api/citations", Json, "{\"URL\":true}", 400, "url");
        Add("POST", "/api/citations", Json, "[]", 400, null);
        Add("POST", "/api/citations", Json, "\"https://www.gob.mx/\"", 400, null);
        Add("POST", "/api/citations", Json, "42", 400, null);
        Add("POST", "/api/documents", Json, "{\"title\":1,\"text\":\"x\"}", 400, "title");
        Add("POST", "/api/documents", Json, "{\"title\":\"t\",\"text\":[\"a\"]}", 400, "text");
        Add("POST", "/api/documents", Json, "{\"title\":\"t\",\"text\":\"x\",\"sourceUrl\":{}}", 400, "sourceUrl");
        Add("POST", "/api/documents", Json, "{\"title\":\"t\",\"text\":\"x\",\"publishedAt\":false}", 400, "publishedAt");
        Add("POST", "/api/documents", Json, "[{\"title\":\"t\"}]", 400, null);
        Add("PATCH", "/api/citations/1", Json, "{\"quote\":5}", 400, "quote");
        Add("PATCH", "/api/citations/1", Json, "{\"accessedAt\":5}", 400, "accessedAt");
        Add("PATCH", "/api/citations/1", Json, "{\"accessedAt\":\"last week\"}", 400, "accessedAt");
        Add("PATCH", "/api/documents/1/citations/1", Json, "[]", 400, "quote");
        Add("PATCH", "/api/documents/1/citations/1", Json, "{\"quote\":\"\"}", 400, "quote");
        // A citation's life: a pause is a boolean, labels a list of short tags, an interval a duration in its bounds.
        Add("PATCH", "/api/citations/1", Json, "{}", 400, "body");
        Add("PATCH", "/api/citations/1", Json, "{\"pause\":true}", 400, "body");
        Add("PATCH", "/api/citations/1", Json, "{\"paused\":\"yes\"}", 400, "paused");
        Add("PATCH", "/api/citations/1", Json, "{\"labels\":\"urgent\"}", 400, "labels");
        Add("PATCH", "/api/citations/1", Json, "{\"labels\":[\"\"]}", 400, "labels");
        Add("PATCH", "/api/citations/1", Json, "{\"labels\":[5]}", 400, "labels");
        Add("PATCH", "/api/citations/1", Json, "{\"labels\":[\"" + new string('l', 41) + "\"]}", 400, "labels");
        Add("PATCH", "/api/citations/1", Json, "{\"checkInterval\":\"00:30:00\"}", 400, "checkInterval");
        Add("PATCH", "/api/citations/1", Json, "{\"checkInterval\":\"366.00:00:00\"}", 400, "checkInterval");
        Add("PATCH", "/api/citations/1", Json, "{\"checkInterval\":\"7 days\"}", 400, "checkInterval");
        Add("PATCH", "/api/citations/1", Json, "{\"checkInterval\":604800}", 400, "checkInterval");
        Add("PATCH", "/api/citations/1", Json, "{\"retired\":true}", 400, "retired");
        Add("PATCH", "/api/citations/1", Json, "{\"retired\":\"no\"}", 400, "retired");
        Add("PATCH", "/api/documents/1", Json, "{}", 400, "body");
        Add("PATCH", "/api/documents/1", Json, "[]", 400, "body");
        Add("PATCH", "/api/documents/1", Json, "{\"title\":\"  \"}", 400, "title");
        Add("PATCH", "/api/documents/1", Json, "{\"title\":null}", 400, "title");
        Add("PATCH", "/api/documents/1", Json, "{\"sourceUrl\":\"ftp://example.org/report.pdf\"}", 400, "sourceUrl");
        Add("PATCH", "/api/documents/1", Json, "{\"sourceUrl\":\"\"}", 400, "sourceUrl");
        Add("PATCH", "/api/documents/1", Json, "{\"publishedAt\":\"the nineteenth\"}", 400, "publishedAt");
        Add("PATCH", "/api/documents/1", Json, "{\"publishedAt\":false}", 400, "publishedAt");

        // Fields missing or out of their bounds.
        Add("POST", "/api/citations", Json, "{}", 400, "url");
        Add("POST", "/api/citations", Json, "{\"url\":\"\"}", 400, "url");
        Add("POST", "/api/citations", Json, "{\"url\":\"https://www.gob.mx/\",\"context\":\"" + new string('c', 4001) + "\"}", 400, "context");
        Add("POST", "/api/documents", Json, "{\"text\":\"x\"}", 400, "title");
        Add("POST", "/api/documents", Json, "{\"title\":\"t\"}", 400, "text");

        // Ids in the path that no resource can have.
        Add("GET", "/api/citations/abc", null, null, 400, "id");
        Add("PATCH", "/api/citations/abc", Json, "{\"quote\":\"x\"}", 400, "id");
        Add("DELETE", "/api/citations/abc", null, null, 400, "id");
        Add("DELETE", "/api/documents/0", null, null, 400, "id");
        Add("PATCH", "/api/documents/-1", Json, "{\"title\":\"x\"}", 400, "id");
        Add("POST", "/api/citations/0/check", null, null, 400, "id");
        Add("POST", "/api/citations/99999999999999999999/check", null, null, 400, "id");
        Add("GET", "/api/documents/abc/citations/1", null, null, 400, "id");
        Add("GET", "/api/documents/1/citations/abc", null, null, 400, "citationId");
        Add("PATCH", "/api/documents/1/citations/-1", Json, "{\"quote\":\"x\"}", 400, "citationId");

        // Query values, and values that are not one of a vocabulary.
        Add("GET", "/api/citations?health=sickly", null, null, 400, "health");
        Add("GET", "/api/citations?status=fine", null, null, 400, "status");
        Add("GET", "/api/citations?pageSize=900", null, null, 400, "pageSize");
        Add("GET", "/api/citations?documentId=x", null, null, 400, "documentId");
        Add("GET", "/api/changes?kind=bogus", null, null, 400, "kind");
        Add("GET", "/api/changes?since=yesterday", null, null, 400, "since");
        Add("GET", "/api/documents?page=abc", null, null, 400, "page");
        Add("GET", "/api/documents?retired=maybe", null, null, 400, "retired");
        Add("GET", "/api/citations?label=a,b", null, null, 400, "label");
        Add("GET", "/api/citations?paused=yes", null, null, 400, "paused");
        Add("GET", "/api/citations?retired=1", null, null, 400, "retired");
        return data;
    }

    [Fact]
    public async Task EveryBadInput_IsAProblemInTheClientsOwnTerms()
    {
        await SeedAsync();
        var inputs = BadInputs();
        Assert.True(inputs.Count > 90, $"only {inputs.Count} bad inputs were tried");
        foreach (var input in inputs)
        {
            await AssertProblemAsync(input);
        }
    }

    private async Task AssertProblemAsync(BadInput input)
    {
        var (method, path, contentType, body, status, field) = input;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null || contentType is not null)
        {
            // Latin-1, so that "\u00ff\u00fe" goes as the two bytes that no UTF-8 text starts with.
            request.Content = new ByteArrayContent(body is null ? [] : Encoding.Latin1.GetBytes(body));
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var shown = $"{method} {path} ({contentType ?? "no Content-Type"}, {(body is null ? "no body" : $"{body.Length} characters")})";

        Assert.True((int)response.StatusCode == status, $"{shown} answered {(int)response.StatusCode}, not {status}: {text}");
        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status, field);
        foreach (var unsaid in Unsaid)
        {
            Assert.False(text.Contains(unsaid, StringComparison.Ordinal), $"{shown} answered with '{unsaid}': {text}");
        }

        // It says what was wrong: a detail, or an error for each field.
        var problem = JsonDocument.Parse(text).RootElement;
        var said = (problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 10 })
            || (problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any(e => e.Value.EnumerateArray().All(m => m.GetString() is { Length: > 5 })));
        Assert.True(said, $"{shown}: nothing says what was wrong: {text}");
    }

    [Fact]
    public async Task WrongTypeForAField_SaysWhatTheFieldTakes()
    {
        var response = await Client.PostAsync("/api/citations", Json("{\"url\":\"https://www.gob.mx/\",\"documentId\":\"abc\"}"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "documentId");
        Assert.Equal("must be a whole number, or null.", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("documentId")[0].GetString());
    }

    [Fact]
    public async Task MalformedJson_SaysWhereItBreaks()
    {
        var response = await Client.PostAsync("/api/citations", Json("{\"url\":\n\"https://www.gob.mx/\" \"context\": \"x\"}"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request body is not valid JSON (line 2, byte 23).", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task WhatTheFrameworkSaid_IsLoggedWithTheException()
    {
        var response = await Client.PostAsync("/api/citations", Json("{\"url\":5}"));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "url");

        var logged = Assert.Single(_log.Entries());
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.Contains("POST /api/citations with 400: url must be text", logged.Message, StringComparison.Ordinal);
        Assert.Contains("CitationMonitor.Api.Citations.AddCitationRequest", logged.Exception?.ToString(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Document 1 citing citation 1, so that the PATCH endpoints have something to find.</summary>
    private async Task SeedAsync() =>
        Assert.Equal(
            HttpStatusCode.Created,
            (await Client.PostJsonAsync("/api/documents", new { title = "Informe", text = "Según https://www.gob.mx/informe." })).StatusCode);

    /// <summary>The refusals the handler logs, caught at its own logger (the hosts' shared Serilog pipeline is not).</summary>
    private sealed class CapturingLogger : ILogger<BadRequestExceptionHandler>
    {
        private readonly List<(LogLevel Level, string Message, Exception? Exception)> _entries = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception), exception));
            }
        }

        public List<(LogLevel Level, string Message, Exception? Exception)> Entries()
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }
}
