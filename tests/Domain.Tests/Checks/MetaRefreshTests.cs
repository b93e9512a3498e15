using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

/// <summary>The <c>content</c> of a refresh declaration, read the way browsers read it.</summary>
public sealed class MetaRefreshTests
{
    [Theory]
    [InlineData("0; url=/a", 0, "/a")]
    [InlineData("0;URL='/a b'", 0, "/a b")]
    [InlineData("3, \"/a\" trailing", 3, "/a")]
    [InlineData("7.5; url = /a ", 7, "/a")]
    [InlineData(".5;/a", 0, "/a")]
    [InlineData("10", 10, null)]
    [InlineData("10;  ", 10, null)]
    [InlineData("99999999999; url=/a", int.MaxValue, "/a")]
    public void Parse_ReadsDelayAndUrl(string content, int delay, string? url) =>
        Assert.Equal(new MetaRefresh.Refresh(delay, url), MetaRefresh.Parse(content));

    [Theory]
    [InlineData("")]
    [InlineData("url=/a")]
    [InlineData("0x; url=/a")]
    public void Parse_MalformedDeclaration_IsNull(string content) => Assert.Null(MetaRefresh.Parse(content));
}
