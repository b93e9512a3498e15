using System.Text.Json;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>The rules by which the docs' examples are read and compared (docs/README.md), pinned one by one.</summary>
public sealed class DocConventionTests
{
    [Fact]
    public void Curl_GroupedFlagsQuotesAndData_BecomeTheRequestCurlWouldSend()
    {
        var words = ShellWords.Split("""curl -si -X POST "http://localhost:5000/api/citations" -H 'Content-Type: application/json' -d '{ "url": "https://www.gob.mx/" }'  # a comment""");

        var curl = CurlCommand.Parse([.. words.Skip(1).Select(w => w.Text)]);

        Assert.Equal(("POST", "http://localhost:5000/api/citations"), (curl.Method, curl.Url));
        Assert.Equal("""{ "url": "https://www.gob.mx/" }""", curl.Data);
        Assert.Equal(new KeyValuePair<string, string>("Content-Type", "application/json"), Assert.Single(curl.Headers));
    }

    [Fact]
    public void Curl_DataWithoutMethod_IsAPostAndHeadFlagIsAHead()
    {
        Assert.Equal("POST", CurlCommand.Parse(["-d", "a=1", "http://localhost:5000/x"]).Method);
        Assert.Equal("HEAD", CurlCommand.Parse(["-sI", "http://localhost:5000/healthz"]).Method);
    }

    [Theory]
    [InlineData("-u")]
    [InlineData("-F")]
    [InlineData("--insecure")]
    public void Curl_AFlagTheTestDoesNotKnow_IsRefused(string flag) =>
        Assert.Throws<FormatException>(() => CurlCommand.Parse([flag, "x", "http://localhost:5000/"]));

    [Fact]
    public void Curl_ToAnotherAddress_IsRefused() =>
        Assert.Throws<FormatException>(() => CurlCommand.Parse(["https://www.gob.mx/"]).ToRequest(DocScenario.DocumentedBase, new Uri("http://127.0.0.1:1/")));

    [Theory]
    [InlineData("""{ "status": "ok", "title": "Any title", "httpStatus": 200 }""", """{ "status": "ok", "title": "Another", "httpStatus": 404, "more": 1 }""")]
    [InlineData("""{ "sha256": "…", "detail": "The host … is paused…" }""", """{ "sha256": null, "detail": "The host igm.gob.gt is paused until then." }""")]
    [InlineData("""{ "items": [ { "kind": "content" } ] }""", """{ "items": [ { "kind": "content" }, { "kind": "title" } ] }""")]
    [InlineData("""{ "notModified": true, "snapshotId": null }""", """{ "notModified": true, "snapshotId": null }""")]
    public void ShownJson_AgreesWithAnAnswerThatHasItsKeysVocabularyAndKinds(string shown, string answered) =>
        Assert.Empty(ShownJson.Compare(JsonDocument.Parse(shown).RootElement, JsonDocument.Parse(answered).RootElement));

    [Theory]
    [InlineData("""{ "status": "ok" }""", """{ "status": "not_found" }""", "$.status")]
    [InlineData("""{ "status": "ok" }""", """{ }""", "$.status")]
    [InlineData("""{ "httpStatus": 200 }""", """{ "httpStatus": "200" }""", "$.httpStatus")]
    [InlineData("""{ "notModified": true }""", """{ "notModified": false }""", "$.notModified")]
    [InlineData("""{ "redirects": [] }""", """{ "redirects": [ { "url": "x" } ] }""", "$.redirects")]
    [InlineData("""{ "items": [ { "kind": "content" } ] }""", """{ "items": [] }""", "$.items")]
    [InlineData("""{ "detail": "The host … is paused…" }""", """{ "detail": "Host paused." }""", "$.detail")]
    public void ShownJson_NamesWhereAnAnswerDiffers(string shown, string answered, string where) =>
        Assert.StartsWith(where, Assert.Single(ShownJson.Compare(JsonDocument.Parse(shown).RootElement, JsonDocument.Parse(answered).RootElement)));

    [Fact]
    public void HttpAnswer_HasStatusHeadersAndBody()
    {
        var block = new FencedBlock("http", 10, ["HTTP/1.1 503 Service Unavailable", "Retry-After: …", "", """{ "title": "Host paused" }"""], FollowsBlock: true);

        var answer = ShownAnswer.From(block);

        Assert.Equal(503, answer.Status);
        Assert.Equal("Retry-After", Assert.Single(answer.Headers).Key);
        Assert.Empty(answer.Compare(503, new Dictionary<string, string> { ["Retry-After"] = "3599" }, """{ "title": "Host paused", "status": 503 }""", s => s));
        // The status, the missing header and the missing key.
        Assert.Equal(3, answer.Compare(200, new Dictionary<string, string>(), "{}", s => s).Count);
    }

    [Fact]
    public void Examples_CurlRunsStartRestartsOtherCommandsAreLeftAndTheNextJsonIsTheLastCurlsAnswer()
    {
        var steps = Read(
            "```sh",
            "dotnet run --project src/Api -- --Monitor:Fetch:AllowPrivateNetworks=true",
            "curl -s http://localhost:5000/api/citations/1",
            "sqlite3 data/monitor.db \"PRAGMA integrity_check\"",
            "curl -s -X POST http://localhost:5000/api/documents \\",
            "  -d '{ \"title\": \"t\" }'",
            "```",
            "",
            "```json",
            "{ \"id\": 2 }",
            "```");

        Assert.Equal(3, steps.Count);
        Assert.Equal("true", steps[0].Start!["Monitor:Fetch:AllowPrivateNetworks"]);
        Assert.Null(steps[1].Answer);
        Assert.Equal((5, 9), (steps[2].Line, steps[2].Answer!.Line));
    }

    [Fact]
    public void Examples_EnvironmentSettingsBeforeTheStart_ReadAsConfigurationKeys() =>
        Assert.Equal("00:00:05", Read("```sh", "Monitor__Fetch__Timeout=00:00:05 dotnet run --project src/Api", "```").Single().Start!["Monitor:Fetch:Timeout"]);

    [Fact]
    public void Examples_MarkedNotRun_AreKeptWithTheirReasonAndAMarkerWithoutOneIsAnError()
    {
        var marked = Read("```sh", "# not run by the docs test: needs a receiver", "curl -s http://localhost:5000/x", "```").Single();
        var bare = Read("```sh", "# not run by the docs test:", "curl -s http://localhost:5000/x", "```").Single();

        Assert.Equal("needs a receiver", marked.NotRunBecause);
        Assert.NotNull(bare.Error);
    }

    [Fact]
    public void Examples_WithAPipe_AreAnError() =>
        Assert.Contains("|", Read("```sh", "curl -s http://localhost:5000/x | jq .", "```").Single().Error, StringComparison.Ordinal);

    [Fact]
    public async Task Start_WithASettingTheMonitorRefuses_FailsThePage()
    {
        await using var scenario = await DocScenario.StartAsync();

        var problems = await scenario.RunAsync(new DocStep(1, "dotnet run --project src/Api -- --Monitor:Fetch:Timeout=02:00:00")
        {
            Start = new Dictionary<string, string> { ["Monitor:Fetch:Timeout"] = "02:00:00" },
        });

        Assert.StartsWith("the monitor does not start with these settings", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void HeadingAnchors_AreMadeAsGitHubMakesThem() =>
        Assert.True(HeadingAnchors.Of(["## Soft 404s: the host's own \"not found\" answer", "### Full captures and [WARC](x.md) export", "# API", "## API"])
            .SetEquals(["soft-404s-the-hosts-own-not-found-answer", "full-captures-and-warc-export", "api", "api-1"]));

    private static IReadOnlyList<DocStep> Read(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"docs-convention-{Guid.NewGuid():N}.md");
        File.WriteAllLines(path, lines);
        try
        {
            return DocExamples.Read(MarkdownPage.Read(path, Path.GetTempPath()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
