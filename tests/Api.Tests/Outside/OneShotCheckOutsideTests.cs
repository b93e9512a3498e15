using System.Text;
using System.Text.Json;
using CitationMonitor.Infrastructure.OneShot;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// <c>check FILE|URL [--json]</c> before publishing, on files of every kind and on a page's address, against a real site
/// on loopback: 0 when every source answers, 1 when one is gone, 3 when some cannot be told, 2 for bad input.
/// </summary>
public sealed class OneShotCheckOutsideTests : IAsyncLifetime, IDisposable
{
    private readonly TestFolder _folder = new();
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/fuentes/{name}", (string name) => Results.Content(
            $"<!doctype html><html><head><title>Fuente {name}</title></head><body><main><h1>Fuente {name}</h1><p>La comisión documentó cuarenta casos de detención en la frontera sur durante enero.</p></main></body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/retirada", () => Results.NotFound("No existe."));
        app.MapGet("/socios", () => Results.StatusCode(403));
        app.MapGet("/declaracion.html", () => Results.Content(
            "<!doctype html><html><head><title>Declaración</title></head><body><main><h1>Declaración</h1><p>Según <a href=\"/fuentes/cidh\">la CIDH</a>, y como recordó <a href=\"/fuentes/cndh\">la CNDH</a>, hubo cuarenta casos.</p></main></body></html>",
            "text/html; charset=utf-8"));
    });

    public async Task DisposeAsync() => await _site.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task APdfWhoseSourcesAllAnswer_ExitsWith0_TheLinkBehindItsTextIncluded()
    {
        var pdf = new HandWrittenPdf()
            .Line("La CIDH expresó su preocupación, como puede leerse aquí.", ("aquí", _site.Url("/fuentes/cidh")))
            .Line($"Véase {_site.Url("/fuentes/cndh")} para el detalle.")
            .ToBytes();

        var (exitCode, output, _) = await RunAsync(Write("informe.pdf", pdf), "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("pdf", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("ok", json.RootElement.GetProperty("readiness").GetString());
        Assert.Equal(
            [("/fuentes/cidh", "ok"), ("/fuentes/cndh", "ok")],
            Rows(json).Select(r => (new Uri(r.GetProperty("url").GetString()!).AbsolutePath, r.GetProperty("status").GetString())).Order());
    }

    [Fact]
    public async Task AWordFileCitingAMissingPage_ExitsWith1()
    {
        var docx = new HandWrittenDocx()
            .Paragraph($"Según [la CIDH]({_site.Url("/fuentes/cidh")}), hubo cuarenta casos.^1")
            .Footnote($"Comunicado retirado: {_site.Url("/retirada")}.")
            .ToBytes();

        var (exitCode, output, _) = await RunAsync(Write("declaracion.docx", docx), "--json");

        Assert.Equal(1, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("failed", json.RootElement.GetProperty("readiness").GetString());
        var missing = Rows(json).Single(r => r.GetProperty("url").GetString() == _site.Url("/retirada"));
        Assert.Equal("not_found", missing.GetProperty("status").GetString());
        Assert.Equal("http_404", missing.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task AReferenceExportWithASourceThatRefusesAccess_ExitsWith3()
    {
        var bibtex = $"@misc{{a, title = {{Fuente}}, url = {{{_site.Url("/fuentes/cidh")}}}, urldate = {{2021-01-20}}}}\n@misc{{b, title = {{Socios}}, url = {{{_site.Url("/socios")}}}}}\n";

        var (exitCode, output, _) = await RunAsync(Write("refs.bib", Encoding.UTF8.GetBytes(bibtex)), "--json");

        Assert.Equal(3, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("bibtex", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("inconclusive", json.RootElement.GetProperty("readiness").GetString());
        Assert.Equal("blocked", Rows(json).Single(r => r.GetProperty("url").GetString() == _site.Url("/socios")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task APageAtItsAddress_IsCheckedWithItsOwnUrlAsSelf_AndPrintsATable()
    {
        var (exitCode, output, _) = await RunAsync(_site.Url("/declaracion.html"));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("SOURCE", output, StringComparison.Ordinal);
        Assert.Contains(_site.Url("/fuentes/cidh"), output, StringComparison.Ordinal);
        Assert.Contains(_site.Url("/fuentes/cndh"), output, StringComparison.Ordinal);

        var (_, jsonOutput, _) = await RunAsync(_site.Url("/declaracion.html"), "--json");
        using var json = JsonDocument.Parse(jsonOutput);
        var self = Assert.Single(Rows(json), r => r.GetProperty("self").GetBoolean());
        Assert.Equal(_site.Url("/declaracion.html"), self.GetProperty("url").GetString());
        Assert.Equal(3, Rows(json).Count);
    }

    [Fact]
    public async Task APageThatCannotBeFetched_ExitsWith1()
    {
        var (exitCode, _, _) = await RunAsync(_site.Url("/retirada"), "--json");

        Assert.Equal(1, exitCode);
    }

    [Fact]
    public async Task BadInput_ExitsWith2_AndPrintsNothingOnStandardOutput()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        string[][] inputs =
        [
            [Path.Combine(_folder.Path, "no-existe.pdf")],
            [Write("vacio.pdf", [])],
            [Write("imagen.pdf", png)],
            [Write("roto.pdf", Encoding.Latin1.GetBytes("%PDF-1.7\n1 0 obj\n<< /Type /Catalog \u0000\u00ff"))],
            [],
        ];

        foreach (var words in inputs)
        {
            var (exitCode, output, progress) = await RunAsync([.. words, "--json"]);

            Assert.True(exitCode == 2, $"{string.Join(' ', words)}: exit code {exitCode}\n{output}\n{progress}");
            Assert.Equal(string.Empty, output);
        }
    }

    [Fact]
    public async Task TheBuiltWorkersCheckVerb_EndsWithTheSameExitCode()
    {
        var docx = new HandWrittenDocx().Paragraph($"Según [la fuente]({_site.Url("/retirada")}), no hay casos.").ToBytes();
        Write("declaracion.docx", docx);

        var result = await HostCommand.RunWorkerAsync(_folder.Path, ["check", "declaracion.docx", "--json", .. Fast], TimeSpan.FromSeconds(60));

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Equal(["declaracion.docx"], Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName));
    }

    private static readonly string[] Fast =
    [
        "--Monitor:Fetch:AllowPrivateNetworks=true",
        "--Monitor:Fetch:PerHostDelay=00:00:00",
        "--Monitor:Fetch:RetryAttempts=0",
        "--Monitor:Fetch:Timeout=00:00:05",
    ];

    private static List<JsonElement> Rows(JsonDocument json) => [.. json.RootElement.GetProperty("citations").EnumerateArray().Select(r => r.Clone())];

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<(int ExitCode, string Output, string Progress)> RunAsync(params string[] words)
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();
        var exitCode = await OneShotCommand.RunAsync([.. words, .. Fast], output, progress, CancellationToken.None);
        return (exitCode, output.ToString(), progress.ToString());
    }
}
