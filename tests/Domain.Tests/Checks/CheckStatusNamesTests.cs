using System.Text.Json;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class CheckStatusNamesTests
{
    [Fact]
    public void WireNames_AreExactlyTheContractVocabulary() =>
        Assert.Equal(
            ["ok", "not_found", "gone", "soft_404", "blocked", "rate_limited", "client_error", "server_error", "timeout",
             "dns_error", "connection_error", "tls_error", "redirect_loop", "forbidden_target", "invalid_url"],
            CheckStatusNames.All);

    [Fact]
    public void Json_UsesTheWireNames()
    {
        foreach (var status in Enum.GetValues<CheckStatus>())
        {
            Assert.Equal($"\"{status.ToWireName()}\"", JsonSerializer.Serialize(status));
            Assert.Equal(status, JsonSerializer.Deserialize<CheckStatus>($"\"{status.ToWireName()}\""));
        }
    }

    [Fact]
    public void HealthJson_UsesTheWireNames()
    {
        Assert.Equal(["unknown", "healthy", "degraded", "broken", "blocked"], CitationHealthNames.All);
        foreach (var health in Enum.GetValues<CitationHealth>())
        {
            Assert.Equal($"\"{health.ToWireName()}\"", JsonSerializer.Serialize(health));
        }
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("soft404")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsNamesOutsideTheVocabulary(string? name) => Assert.False(CheckStatusNames.TryParse(name, out _));

    [Theory]
    [InlineData(200, CheckStatus.Ok)]
    [InlineData(204, CheckStatus.Ok)]
    [InlineData(404, CheckStatus.NotFound)]
    [InlineData(410, CheckStatus.Gone)]
    [InlineData(401, CheckStatus.Blocked)]
    [InlineData(403, CheckStatus.Blocked)]
    [InlineData(429, CheckStatus.RateLimited)]
    [InlineData(400, CheckStatus.ClientError)]
    [InlineData(418, CheckStatus.ClientError)]
    [InlineData(500, CheckStatus.ServerError)]
    [InlineData(503, CheckStatus.ServerError)]
    public void FromHttpStatus_MapsOntoTheVocabulary(int code, CheckStatus expected) =>
        Assert.Equal(expected, HttpStatusRules.FromHttpStatus(code));
}
