using System.Net;
using System.Net.Sockets;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>
/// Forbidden targets submitted through the API, with private networks not allowed (the default): whatever is
/// accepted ends as a recorded check with status <c>forbidden_target</c>, never a connection and never a 500.
/// </summary>
public sealed class RequestForgeryApiTests() : ApiTest(new Dictionary<string, string?> { ["Monitor:Fetch:AllowPrivateNetworks"] = "false" }), IDisposable
{
    private readonly TcpListener _trap = StartTrap();

    public static TheoryData<string> ForbiddenUrls { get; } = new()
    {
        "http://127.0.0.1:{port}/informe",
        "http://localhost:{port}/informe",
        "http://2130706433:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://0x7f000001:{port}/",
        "http://127.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::1]:{port}/",
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.1.2.3:8080/intranet",
        "http://192.168.0.1/",
        "http://100.64.0.1/",
        "http://0.0.0.0:{port}/",
        "http://[fd00::1]/",
    };

    [Theory]
    [MemberData(nameof(ForbiddenUrls))]
    public async Task CitedForbiddenTarget_IsCheckedAsForbiddenTarget(string template)
    {
        var added = await Client.PostJsonAsync("/api/citations", new { url = Fill(template) });
        Assert.True(added.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"adding answered {(int)added.StatusCode}");
        var id = (await added.ReadJsonAsync()).GetProperty("id").GetInt64();

        var response = await Client.PostAsync($"/api/citations/{id}/check", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.ReadJsonAsync();
        Assert.Equal("forbidden_target", check.GetProperty("status").GetString());
        Assert.Equal(JsonValueKindNull, check.GetProperty("snapshotId").ValueKind);
        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("blocked", citation.GetProperty("health").GetString());
        Assert.False(_trap.Pending(), "a connection reached the forbidden target");
    }

    [Fact]
    public async Task DocumentCitingForbiddenTargets_HasEachCheckedAsForbiddenTarget()
    {
        var text = $"See http://127.0.0.1:{Port}/a, http://169.254.169.254/latest/meta-data/ and http://0x7f000001:{Port}/b.";
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Hostile", text })).ReadJsonAsync();
        var ids = document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, ids.Count);

        foreach (var id in ids)
        {
            var check = await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();
            Assert.Equal("forbidden_target", check.GetProperty("status").GetString());
        }

        Assert.False(_trap.Pending(), "a connection reached the forbidden target");
    }

    public void Dispose()
    {
        _trap.Stop();
        _trap.Dispose();
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private int Port => ((IPEndPoint)_trap.LocalEndpoint).Port;

    private string Fill(string template) => template.Replace("{port}", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static TcpListener StartTrap()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }
}
