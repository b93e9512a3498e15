using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>The stamp of what produced a text: the extractor's version and a fingerprint of the host's ignore selectors.</summary>
public sealed class ExtractionStampTests
{
    [Fact]
    public void WithoutSelectors_TheStampIsTheVersionAlone()
    {
        Assert.Equal("2", ExtractionStamp.Of(2, null));
        Assert.Equal("2", ExtractionStamp.Of(2, ExtractionRules.None));
        Assert.Equal("7", ExtractionStamp.Of(7, new ExtractionRules([" ", ""])));
        Assert.Null(ExtractionStamp.Fingerprint(ExtractionRules.None));
    }

    [Fact]
    public void WithSelectors_TheStampIsTheVersionPlusEightHexDigitsOfThem()
    {
        var stamp = ExtractionStamp.Of(2, new ExtractionRules(["div.fecha-actualizacion"]));

        Assert.Matches("^2\\+[0-9a-f]{8}$", stamp);
        Assert.Equal(stamp, ExtractionStamp.Of(2, new ExtractionRules(["div.fecha-actualizacion"])));
    }

    [Fact]
    public void TheRunningExtractorStampsItsOwnVersion()
    {
        Assert.Equal(ContentExtractor.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ContentExtractor.Stamp(null));
        Assert.StartsWith($"{ContentExtractor.Version}+", ContentExtractor.Stamp(new ExtractionRules(["#carrusel"])), StringComparison.Ordinal);
        Assert.True(ContentExtractor.Version > 1, "version 1 is what snapshots from before stamps count as");
    }

    [Fact]
    public void OtherSelectorsOrAnotherVersion_GiveAnotherStamp()
    {
        var rules = new ExtractionRules(["div.fecha-actualizacion"]);

        Assert.NotEqual(ExtractionStamp.Of(2, rules), ExtractionStamp.Of(2, new ExtractionRules(["div.fecha-actualizacion", "#carrusel"])));
        Assert.NotEqual(ExtractionStamp.Of(2, rules), ExtractionStamp.Of(2, new ExtractionRules(["div.fecha"])));
        Assert.NotEqual(ExtractionStamp.Of(2, rules), ExtractionStamp.Of(3, rules));
        // Two selectors are never taken for one whose text joins them.
        Assert.NotEqual(ExtractionStamp.Of(2, new ExtractionRules(["a", "b"])), ExtractionStamp.Of(2, new ExtractionRules(["a\nb"])));
    }

    [Fact]
    public void TheOrderSpacesAndRepeatsOfSelectors_DoNotChangeTheStamp() =>
        Assert.Equal(
            ExtractionStamp.Of(2, new ExtractionRules(["#carrusel", "div.fecha"])),
            ExtractionStamp.Of(2, new ExtractionRules([" div.fecha ", "#carrusel", "div.fecha"])));

    [Fact]
    public void AStoredStampMatchesOnlyTheSameStamp_AndNoStampIsVersionOne()
    {
        Assert.True(ExtractionStamp.Matches("2", "2"));
        Assert.False(ExtractionStamp.Matches("2", "2+1a2b3c4d"));
        Assert.False(ExtractionStamp.Matches("2+1a2b3c4d", "2"));
        Assert.False(ExtractionStamp.Matches(null, "2"));
        Assert.True(ExtractionStamp.Matches(null, ExtractionStamp.Unrecorded));
        Assert.Equal(ExtractionStamp.Unrecorded, ExtractionStamp.Of(1, null));
    }

    [Fact]
    public void SelectorsThatChangeTheText_ChangeTheStamp()
    {
        // Why selectors are in the stamp: the same bytes give another text with them.
        var page = Encoding.UTF8.GetBytes("<html><body><main><p>Texto oficial del comunicado.</p><p class=\"fecha\">Actualizado hoy</p></main></body></html>");
        var rules = new ExtractionRules(["p.fecha"]);

        Assert.NotEqual(ContentExtractor.Extract(page, "text/html", null).Text, ContentExtractor.Extract(page, "text/html", rules).Text);
        Assert.NotEqual(ContentExtractor.Stamp(null), ContentExtractor.Stamp(rules));
    }
}
