using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class CharsetTests
{
    private const string Sentence = "Les défenseurs des droits “humains” – 5 €";

    private static readonly Encoding Windows1252 = GetWindows1252();

    private static Encoding GetWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }

    [Fact]
    public void Windows1252PageDeclaredByTheContentTypeHeaderDecodes()
    {
        var bytes = Windows1252.GetBytes($"<html><body><p>{Sentence}</p></body></html>");

        var content = ContentExtractor.Extract(bytes, "text/html; charset=windows-1252");

        Assert.Equal(Sentence, content.Text);
    }

    [Fact]
    public void Windows1252PageDeclaredByMetaCharsetDecodes()
    {
        var bytes = Windows1252.GetBytes($"""<html><head><meta charset="windows-1252"><title>{Sentence}</title></head><body><p>{Sentence}</p></body></html>""");

        var content = ContentExtractor.Extract(bytes, "text/html");

        Assert.Equal(Sentence, content.Text);
        Assert.Equal(Sentence, content.Title);
    }

    [Fact]
    public void Windows1252PageDeclaredByHttpEquivDecodes()
    {
        var bytes = Windows1252.GetBytes($"""<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Windows-1252"></head><body><p>{Sentence}</p></body></html>""");

        Assert.Equal(Sentence, ContentExtractor.Extract(bytes, null).Text);
        Assert.Equal($"<p>{Sentence}</p>", ExtractParagraph(ContentExtractor.DecodeText(bytes, "text/html")));
    }

    [Fact]
    public void Utf8ByteOrderMarkIsHonouredAndRemoved()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"<html><body><p>{Sentence}</p></body></html>")).ToArray();

        Assert.Equal(Sentence, ContentExtractor.Extract(bytes, "text/html").Text);
        Assert.StartsWith("<html>", ContentExtractor.DecodeText(bytes, "text/html"), StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkWinsOverAWrongHeaderCharset()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("<p>déjà</p>")).ToArray();

        Assert.Equal("<p>déjà</p>", ContentExtractor.DecodeText(bytes, "text/html; charset=iso-8859-1"));
    }

    [Fact]
    public void SameTextInUtf8AndIso88591ExtractsIdentically()
    {
        const string latin = "Égalité des droits : réfugiés, déplacés, apatrides — «protection»";
        var template = "<html><head><title>{0}</title></head><body><main><p>{0}</p></main></body></html>";
        var utf8 = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, latin.Replace("—", "-", StringComparison.Ordinal)));
        var latin1 = Encoding.Latin1.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, latin.Replace("—", "-", StringComparison.Ordinal)));

        var fromUtf8 = ContentExtractor.Extract(utf8, "text/html; charset=UTF-8");
        var fromLatin1 = ContentExtractor.Extract(latin1, "text/html; charset=ISO-8859-1");

        Assert.Equal(fromUtf8, fromLatin1);
        Assert.Contains("réfugiés", fromLatin1.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnyDeclarationUtf8IsAssumed()
    {
        var bytes = Encoding.UTF8.GetBytes("<html><body><p>Ünïcödé</p></body></html>");

        Assert.Equal("Ünïcödé", ContentExtractor.Extract(bytes, "text/html").Text);
    }

    [Fact]
    public void UnknownCharsetLabelFallsBackToUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes("naïve");

        Assert.Equal("naïve", ContentExtractor.DecodeText(bytes, "text/plain; charset=x-no-such-charset"));
    }

    private static string ExtractParagraph(string html)
    {
        var start = html.IndexOf("<p>", StringComparison.Ordinal);
        var end = html.IndexOf("</p>", StringComparison.Ordinal) + 4;
        return html[start..end];
    }
}
