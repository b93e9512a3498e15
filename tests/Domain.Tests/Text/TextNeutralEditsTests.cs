using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>
/// Two versions of a page that differ only inside a comment or a hidden input's value have the same text, and are
/// told apart from every change that may touch the text. Each "neutral" answer is checked against the extractor itself.
/// </summary>
public sealed class TextNeutralEditsTests
{
    private const string Page =
        """
        <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Comunicado {title}</title>
        <script nonce="{script}">var t = "<!-- {inscript} -->";</script></head><body>
        <!-- generado en {comment} -->
        <form action="/buscar"><input type="hidden" name="csrf" value="{hidden}"><input type="text" name="q" value="{visible}">
        <INPUT NAME='__VIEWSTATE' TYPE=HIDDEN VALUE='{viewstate}'><input value="{typeless}" name="x"></form>
        <textarea><input type="hidden" value="{textarea}"></textarea>
        <main><h1>Informe sobre la caravana</h1><p>La Comisión recibió a {text} personas en la frontera sur.</p>
        <img alt="{alt}" src="/foto.jpg"></main>
        </body></html>
        """;

    [Theory]
    [InlineData("comment")]
    [InlineData("hidden")]
    [InlineData("viewstate")]
    public void AChangeInACommentOrAHiddenValue_IsOutsideTheText(string place)
    {
        var (before, after) = Versions(place, "3f2a9c81d0b44e7f", "a71e0c55f9d24b13");

        Assert.True(TextNeutralEdits.OnlyOutsideText(before, after));
        Assert.Equal(ContentExtractor.Extract(before, "text/html").Text, ContentExtractor.Extract(after, "text/html").Text);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("title")]
    [InlineData("visible")]
    [InlineData("typeless")]
    [InlineData("textarea")]
    [InlineData("inscript")]
    [InlineData("script")]
    [InlineData("alt")]
    public void AChangeAnywhereElse_IsNotTakenForOutsideTheText(string place)
    {
        var (before, after) = Versions(place, "1111", "2222");

        Assert.False(TextNeutralEdits.OnlyOutsideText(before, after));
    }

    [Theory]
    [InlineData("3f2a9c81", "3f2a9c8")]            // another length
    [InlineData("3f2a9c81", "3f2a9c8\u00e9")]      // not ASCII: it may change how the page is decoded
    [InlineData("3f2a9c81", "3f2\"9c81")]          // a quote could end the value
    [InlineData("3f2a9c81", "3f2>9c81")]           // markup characters could end the comment or the tag
    [InlineData("3f2a9c81", "3f2&9c81")]
    public void AChangeOfLengthOrOfCharactersThatMayMeanMarkup_IsNotTakenForOutsideTheText(string first, string second)
    {
        foreach (var place in new[] { "comment", "hidden" })
        {
            var (before, after) = Versions(place, first, second);

            Assert.False(TextNeutralEdits.OnlyOutsideText(before, after));
        }
    }

    [Fact]
    public void TheSameBytes_AreOutsideTheText_AsAreSeveralNeutralChanges_ButNotWithOneInTheText()
    {
        var before = Render(new() { ["hidden"] = "aaaa", ["comment"] = "aaaa", ["viewstate"] = "aaaa" });
        var neutral = Render(new() { ["hidden"] = "bbbb", ["comment"] = "bbbb", ["viewstate"] = "bbbb" });
        var textToo = Render(new() { ["hidden"] = "bbbb", ["comment"] = "bbbb", ["text"] = "bbbb" });

        Assert.True(TextNeutralEdits.OnlyOutsideText(before, before));
        Assert.True(TextNeutralEdits.OnlyOutsideText(before, neutral));
        Assert.Equal(ContentExtractor.Extract(before, "text/html").Text, ContentExtractor.Extract(neutral, "text/html").Text);
        Assert.False(TextNeutralEdits.OnlyOutsideText(before, textToo));
    }

    [Theory]
    [InlineData("<input type=\"text\" type=\"hidden\" value=\"{x}\">")]     // the first type attribute counts
    [InlineData("<input type=\"hidden\" data-value=\"{x}\">")]              // not the value attribute
    [InlineData("<input type=\"hidden\" value={x}>")]                       // unquoted: a change could end it
    [InlineData("<noscript><!-- {x} --></noscript>")]                       // raw text for some parsers
    [InlineData("<title><!-- {x} --></title>")]
    [InlineData("<p>&lt;!-- {x} --&gt;</p>")]
    public void PlacesThatLookNeutralButAreNotForCertain_AreNotTakenForOutsideTheText(string markup)
    {
        var before = Encoding.UTF8.GetBytes($"<html><body><p>Texto</p>{markup.Replace("{x}", "aaaa")}<p>Más texto</p></body></html>");
        var after = Encoding.UTF8.GetBytes($"<html><body><p>Texto</p>{markup.Replace("{x}", "bbbb")}<p>Más texto</p></body></html>");

        Assert.False(TextNeutralEdits.OnlyOutsideText(before, after));
    }

    [Fact]
    public void ACommentAfterAClosedScriptOrTitle_IsStillAComment()
    {
        var (before, after) = Versions("comment", "12:00:01", "12:00:02");

        Assert.True(TextNeutralEdits.OnlyOutsideText(before, after));
    }

    private static (byte[] Before, byte[] After) Versions(string place, string first, string second) =>
        (Render(new() { [place] = first }), Render(new() { [place] = second }));

    private static byte[] Render(Dictionary<string, string> values)
    {
        var html = Page;
        foreach (var name in new[] { "title", "script", "inscript", "comment", "hidden", "visible", "viewstate", "typeless", "textarea", "text", "alt" })
        {
            html = html.Replace("{" + name + "}", values.GetValueOrDefault(name, "0000"), StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(html);
    }
}
