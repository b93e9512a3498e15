using System.Net;
using System.Text;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Tests.Http;

public sealed class InputLimitsTests : ApiTest
{
    [Fact]
    public async Task DocumentOverFiveMegabytes_IsPayloadTooLargeAndNothingIsStored()
    {
        var text = "As the ministry said (https://www.gob.mx/informe), " + new string('x', 5 * 1024 * 1024);

        var response = await Client.PostJsonAsync("/api/documents", new { title = "Too long", text });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task DocumentOverTheLimitWithoutContentLength_IsPayloadTooLarge()
    {
        // Chunked: the limit holds while the body is read, not only against a declared length.
        var body = "{\"title\":\"Streamed\",\"text\":\"" + new string('x', 6 * 1024 * 1024) + "\"}";
        using var content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Client.PostAsync("/api/documents", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task DocumentCitingMoreThanTwoThousandSources_IsBadRequestNamingTextAndNothingIsStored()
    {
        var text = string.Join("\n", Enumerable.Range(1, 2001).Select(i => $"Source {i}: https://www.gob.mx/informe/{i}"));

        var response = await Client.PostJsonAsync("/api/documents", new { title = "Many sources", text });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "text");
        Assert.Contains("2001", (await response.ReadJsonAsync()).GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task DocumentCitingOneSourceManyTimes_CountsItOnce()
    {
        var text = string.Join("\n", Enumerable.Repeat("As the ministry said (https://www.gob.mx/informe).", 2500));

        var response = await Client.PostJsonAsync("/api/documents", new { title = "One source, often", text });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, (await response.ReadJsonAsync()).GetProperty("citations").GetArrayLength());
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await Client.GetAsync("/api/citations")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    /// <summary>A body whose length the client cannot know in advance, so it is sent chunked.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

public sealed class ConfiguredInputLimitsTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:Limits:MaxDocumentBytes"] = "4096",
    ["Monitor:Limits:MaxCitationsPerDocument"] = "3",
})
{
    [Fact]
    public async Task ConfiguredCitationLimit_IsHeldExactly()
    {
        static string Cite(int count) => string.Join(" ", Enumerable.Range(1, count).Select(i => $"https://www.gob.mx/informe/{i}"));

        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/documents", new { title = "Three", text = Cite(3) })).StatusCode);
        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/documents", new { title = "Four", text = Cite(4) }), HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task ConfiguredBodyLimit_IsHeld()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/documents", new { title = "Short", text = new string('a', 3000) })).StatusCode);
        await ProblemAssert.IsProblemAsync(
            await Client.PostJsonAsync("/api/documents", new { title = "Long", text = new string('a', 5000) }), HttpStatusCode.RequestEntityTooLarge);
    }
}

public sealed class InputLimitsSettingsTests
{
    [Theory]
    [InlineData("Monitor:Limits:MaxDocumentBytes", "0")]
    [InlineData("Monitor:Limits:MaxCitationsPerDocument", "0")]
    public void ALimitOutOfRange_StopsTheStartNamingTheKey(string key, string value)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());
        services.AddInputLimits();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InputLimitsOptions>>().Value);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }
}
