using CitationMonitor.TestSupport;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// One page's examples played in order against one monitor: a fresh database seeded with the bundled statement, the
/// stand-in web, and the API restarted wherever the page starts it with <c>dotnet run --project src/Api</c> (on the
/// same database, as a reader's restart would be).
/// </summary>
internal sealed class DocScenario : IAsyncDisposable
{
    /// <summary>Where the examples say the monitor listens.</summary>
    public const string DocumentedBase = "http://localhost:5000";

    private const int MaxRedirects = 10;

    private readonly TestFolder _folder = new();
    private readonly StandInWeb _web;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private DocsHost? _host;

    /// <summary>The last answer as curl -i would print it: status line, headers, body.</summary>
    public string LastAnswer { get; private set; } = "";

    private DocScenario(StandInWeb web) => _web = web;

    public static async Task<DocScenario> StartAsync() => new(await StandInWeb.StartAsync());

    /// <summary>Runs one step; what went wrong, if anything, in words.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(DocStep step)
    {
        if (step.Error is { } error)
        {
            return [error];
        }

        if (step.Start is { } settings)
        {
            try
            {
                await RestartAsync(settings);
                return [];
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return [$"the monitor does not start with these settings: {e.Message}"];
            }
        }

        var host = _host ?? await RestartAsync(new Dictionary<string, string>());
        var curl = step.Curl!;
        HttpResponseMessage response;
        try
        {
            response = await SendAsync(curl, host.BaseAddress);
        }
        catch (FormatException e)
        {
            return [e.Message];
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            LastAnswer = $"HTTP/{response.Version} {status} {response.ReasonPhrase}\n"
                + string.Concat(response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}\n"))
                + $"\n{body}";
            var problems = new List<string>();
            if (status >= 400 && step.Answer?.Status is null)
            {
                problems.Add($"answered {status} (an example answers below 400 unless its answer shows a status line): {Shorten(body)}");
            }

            if (step.Answer is { } answer)
            {
                var local = host.BaseAddress.GetLeftPart(UriPartial.Authority);
                var headers = response.Headers.Concat(response.Content.Headers)
                    .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
                problems.AddRange(answer.Compare(status, headers, body, shown => shown.Replace(DocumentedBase, local, StringComparison.Ordinal))
                    .Select(p => $"{p} (answer at line {answer.Line})"));
            }

            return problems;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _web.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<DocsHost> RestartAsync(IReadOnlyDictionary<string, string> settings)
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }

        var host = new DocsHost(_folder.Path, _web, settings);
        try
        {
            _host = host.Start();
            return _host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(CurlCommand curl, Uri baseAddress)
    {
        using var request = curl.ToRequest(DocumentedBase, baseAddress);
        var response = await _client.SendAsync(request);
        for (var hops = 0; curl.FollowRedirects && hops < MaxRedirects && response.Headers.Location is { } location && (int)response.StatusCode is >= 300 and < 400; hops++)
        {
            response.Dispose();
            using var next = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri!, location));
            response = await _client.SendAsync(next);
        }

        return response;
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
