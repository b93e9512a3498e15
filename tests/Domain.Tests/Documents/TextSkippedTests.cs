using System.Text.Json;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Tests.Documents;

/// <summary><see cref="CitationExtractor.ExtractWithSkipped"/>: the citations of <see cref="CitationExtractor.Extract"/>, and what it leaves out, said.</summary>
public sealed class TextSkippedTests
{
    private static (string Text, string Reason)[] Skipped(string text) =>
        [.. CitationExtractor.ExtractWithSkipped(text).Skipped.Select(s => (s.Text, s.Reason))];

    [Theory]
    [InlineData("Write to info@example.org for details.", "info@example.org")]
    [InlineData("Write to info@www.example.org for details.", "info@www.example.org")]
    [InlineData("Write to mailto:info@example.org for details.", "mailto:info@example.org")]
    [InlineData("Contact: contacto@www.gob.mx", "contacto@www.gob.mx")]
    [InlineData("Escriba a denuncias@cndh.org.mx.", "denuncias@cndh.org.mx")]
    [InlineData("(prensa@ministerio.gob.gt)", "prensa@ministerio.gob.gt")]
    [InlineData("Correo: josé.pérez@correo.example.es", "josé.pérez@correo.example.es")]
    [InlineData("first.last+tag@sub.example.co.uk, then", "first.last+tag@sub.example.co.uk")]
    public void EmailAddress_IsListed(string text, string address) =>
        Assert.Equal([(address, SkipReasons.Email)], Skipped(text));

    [Theory]
    [InlineData("See https://medium.com/@periodista/informe-123 now.")]
    [InlineData("See https://example.org/?contact=info@example.org now.")]
    [InlineData("Follow @cidh and @ONU_es on social media.")]
    [InlineData("user@localhost is not an address on the web.")]
    [InlineData("Prices @ 5.00 each.")]
    public void NoEmailAddress_NothingIsListed(string text) => Assert.Empty(Skipped(text));

    [Theory]
    [InlineData("The archive is at ftp://ftp.example.org/pub/informe.pdf.", "ftp://ftp.example.org/pub/informe.pdf")]
    [InlineData("Open file:///C:/Users/ana/informe.pdf", "file:///C:/Users/ana/informe.pdf")]
    [InlineData("(sftp://files.example.org/x)", "sftp://files.example.org/x")]
    [InlineData("Stream at rtmp://live.example.org/app", "rtmp://live.example.org/app")]
    public void OtherScheme_IsListed(string text, string url) => Assert.Equal([(url, SkipReasons.Scheme)], Skipped(text));

    [Theory]
    [InlineData("Log in at http://user:pw@example.org/ first.", "http://user:pw@example.org/")]
    [InlineData("URLs start with http:// and that is all.", "http://")]
    [InlineData("Bad port https://example.org:99999/x here.", "https://example.org:99999/x")]
    [InlineData("Seehttps://example.org/glued here.", "Seehttps://example.org/glued")]
    public void MalformedUrl_IsListed(string text, string url) => Assert.Equal([(url, SkipReasons.Malformed)], Skipped(text));

    [Fact]
    public void Skipped_InOrderOfAppearance_NextToTheCitations()
    {
        const string text = "ftp://a.example.org/x and info@example.org\nthen https://example.org/ok and http://u:p@example.org/ and b@example.org";

        var found = CitationExtractor.ExtractWithSkipped(text);

        Assert.Equal(["https://example.org/ok"], found.Citations.Select(c => c.Url));
        Assert.Equal(
            [
                ("ftp://a.example.org/x", SkipReasons.Scheme),
                ("info@example.org", SkipReasons.Email),
                ("http://u:p@example.org/", SkipReasons.Malformed),
                ("b@example.org", SkipReasons.Email),
            ],
            found.Skipped.Select(s => (s.Text, s.Reason)));
    }

    [Fact]
    public void AnAddressStartingTheLineAfterAUrl_IsNotGluedToIt_AndIsListed()
    {
        var found = CitationExtractor.ExtractWithSkipped("See https://example.org/contact?to=\nprensa@example.org for it.");

        Assert.Equal(["https://example.org/contact?to="], found.Citations.Select(c => c.Url));
        Assert.Equal([("prensa@example.org", SkipReasons.Email)], found.Skipped.Select(s => (s.Text, s.Reason)));
    }

    [Fact]
    public void BundledStatement_SameCitationsAsExtract()
    {
        var text = BundledStatementText();

        var found = CitationExtractor.ExtractWithSkipped(text);

        Assert.Equal(CitationExtractor.Extract(text), found.Citations);
    }

    private static string BundledStatementText()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "src", "Infrastructure", "Seeding", "default-statement.json")));
        return document.RootElement.GetProperty("text").GetString()!;
    }
}
