using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class LinkTargetsTests
{
    [Theory]
    [InlineData("https://www.oas.org/es/cidh/", "https://www.oas.org/es/cidh/")]
    [InlineData(" HTTP://Example.org/a ", "http://example.org/a")]
    [InlineData("www.cndh.org.mx/documento", "http://www.cndh.org.mx/documento")]
    public void WebAddress_IsNormalized(string target, string expected)
    {
        Assert.Equal(expected, LinkTargets.Classify(target, out var reason)?.Url);
        Assert.Null(reason);
    }

    [Theory]
    [InlineData("mailto:prensa@example.org", SkipReasons.Email)]
    [InlineData("MAILTO:prensa@example.org", SkipReasons.Email)]
    [InlineData("prensa@example.org", SkipReasons.Email)]
    [InlineData("javascript:void(0)", SkipReasons.Scheme)]
    [InlineData("file:///C:/informe.pdf", SkipReasons.Scheme)]
    [InlineData("ftp://ftp.example.org/a", SkipReasons.Scheme)]
    [InlineData("informe.pdf", SkipReasons.RelativeWithoutBase)]
    [InlineData("#seccion-2", SkipReasons.RelativeWithoutBase)]
    [InlineData("https://exa mple.org/", SkipReasons.Malformed)]
    [InlineData("https://user:secret@example.org/", SkipReasons.Malformed)]
    [InlineData("http:example.org", SkipReasons.Malformed)]
    [InlineData("", SkipReasons.Malformed)]
    public void OtherTarget_IsSkippedWithItsReason(string target, string expected)
    {
        Assert.Null(LinkTargets.Classify(target, out var reason));
        Assert.Equal(expected, reason);
    }
}
