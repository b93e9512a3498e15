using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Tests.Extraction;

public sealed class CitationExtractorTests
{
    private static string[] Urls(string text) => [.. CitationExtractor.Extract(text).Select(c => c.Url)];

    [Fact]
    public void Extract_EmptyText_FindsNothing()
    {
        Assert.Empty(CitationExtractor.Extract(""));
        Assert.Empty(CitationExtractor.Extract("No sources are cited in this paragraph.\nNone here either."));
    }

    [Fact]
    public void Extract_UrlsInProse_AreFoundInOrderWithLineNumbers()
    {
        var text = "First see https://example.org/a for details.\n\nThen http://other.example/b and https://example.org/a again.";

        var cited = CitationExtractor.Extract(text);

        Assert.Equal(["https://example.org/a", "http://other.example/b", "https://example.org/a"], cited.Select(c => c.Url));
        Assert.Equal([1, 3, 3], cited.Select(c => c.Line));
        Assert.Equal("First see https://example.org/a for details.", cited[0].Context);
        Assert.Equal(cited[0].Normalized.Key, cited[2].Normalized.Key);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Extract_AnyLineEnding_CountsLines(string newline)
    {
        var cited = CitationExtractor.Extract($"one{newline}two https://example.org/a{newline}three{newline}https://example.org/b");

        Assert.Equal([2, 4], cited.Select(c => c.Line));
        Assert.Equal(["https://example.org/a", "https://example.org/b"], cited.Select(c => c.Url));
    }

    [Theory]
    [InlineData("See https://example.org/page.", "https://example.org/page")]
    [InlineData("See https://example.org/page, then", "https://example.org/page")]
    [InlineData("See https://example.org/page; then", "https://example.org/page")]
    [InlineData("See https://example.org/page: it says", "https://example.org/page")]
    [InlineData("See https://example.org/page!", "https://example.org/page")]
    [InlineData("Did you see https://example.org/page?", "https://example.org/page")]
    [InlineData("See https://example.org/page…", "https://example.org/page")]
    [InlineData("See https://example.org/page...", "https://example.org/page")]
    [InlineData("See https://example.org/page).", "https://example.org/page")]
    [InlineData("See 'https://example.org/page'.", "https://example.org/page")]
    [InlineData("See \"https://example.org/page\".", "https://example.org/page")]
    [InlineData("See “https://example.org/page”.", "https://example.org/page")]
    [InlineData("See ‘https://example.org/page’.", "https://example.org/page")]
    [InlineData("See «https://example.org/page».", "https://example.org/page")]
    [InlineData("See „https://example.org/page“.", "https://example.org/page")]
    [InlineData("Voir https://example.org/page ; puis", "https://example.org/page")]
    [InlineData("See https://example.org/page?id=5.", "https://example.org/page?id=5")]
    [InlineData("See https://example.org/.", "https://example.org/")]
    [InlineData("See https://example.org/file.pdf.", "https://example.org/file.pdf")]
    [InlineData("参见https://example.org/page。", "https://example.org/page")]
    [InlineData("**https://example.org/page**", "https://example.org/page")]
    public void Extract_TrailingPunctuation_IsNotPartOfTheUrl(string text, string expected)
    {
        Assert.Equal([expected], Urls(text));
    }

    [Theory]
    [InlineData("(see https://example.org/page)", "https://example.org/page")]
    [InlineData("[https://example.org/page]", "https://example.org/page")]
    [InlineData("{https://example.org/page}", "https://example.org/page")]
    [InlineData("(https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("See https://en.wikipedia.org/wiki/Foo_(bar).", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("See https://en.wikipedia.org/wiki/Foo_(bar)_(baz), and", "https://en.wikipedia.org/wiki/Foo_(bar)_(baz)")]
    [InlineData("(https://example.org/a?x[1]=2)", "https://example.org/a?x[1]=2")]
    [InlineData("[link](https://example.org/page)", "https://example.org/page")]
    [InlineData("(see https://example.org/a_(b)), more", "https://example.org/a_(b)")]
    [InlineData("https://example.org/a(b]", "https://example.org/a(b")]
    [InlineData("https://example.org/a)b", "https://example.org/a")]
    public void Extract_ClosingBracket_IsKeptOnlyWhenBalanced(string text, string expected)
    {
        Assert.Equal([expected], Urls(text));
    }

    [Fact]
    public void Extract_MarkdownLinkWithUrlText_FindsBothOccurrences()
    {
        Assert.Equal(["https://example.org/a", "https://example.org/a"], Urls("[https://example.org/a](https://example.org/a)"));
    }

    [Theory]
    [InlineData("Source: <https://example.org/page>.", "https://example.org/page")]
    [InlineData("<URL:https://example.org/page>", "https://example.org/page")]
    [InlineData("<https://example.org/a?b=1&c=2>,", "https://example.org/a?b=1&c=2")]
    [InlineData("<https://en.wikipedia.org/wiki/Foo_(bar)>", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    public void Extract_UrlInAngleBrackets_IsFound(string text, string expected)
    {
        Assert.Equal([expected], Urls(text));
    }

    [Theory]
    [InlineData("Write to info@www.example.org for details.")]
    [InlineData("Write to mailto:info@example.org for details.")]
    [InlineData("Write to info@example.org or press@www.example.org.")]
    [InlineData("Contact: contacto@www.gob.mx")]
    public void Extract_EmailAddress_IsSkipped(string text)
    {
        Assert.Empty(CitationExtractor.Extract(text));
    }

    [Theory]
    [InlineData("See www.example.org/path for details.", "www.example.org/path", "http://www.example.org/path")]
    [InlineData("See www.example.org.", "www.example.org", "http://www.example.org/")]
    [InlineData("(www.cndh.org.mx)", "www.cndh.org.mx", "http://www.cndh.org.mx/")]
    [InlineData("WWW.EXAMPLE.ORG/Report", "WWW.EXAMPLE.ORG/Report", "http://www.example.org/Report")]
    [InlineData("Más en www.gob.mx/comar, según", "www.gob.mx/comar", "http://www.gob.mx/comar")]
    public void Extract_BareWwwHost_IsFetchedOverHttp(string text, string cited, string url)
    {
        var found = Assert.Single(CitationExtractor.Extract(text));

        Assert.Equal(cited, found.Url);
        Assert.Equal(url, found.Normalized.Url);
    }

    [Theory]
    [InlineData("The www. prefix is old-fashioned.")]
    [InlineData("awww.example.org is not a www host")]
    [InlineData("www.example alone has no top-level domain")]
    [InlineData("docs/www.example.org/page is a path")]
    public void Extract_WwwThatIsNotAHost_IsSkipped(string text)
    {
        Assert.Empty(CitationExtractor.Extract(text));
    }

    [Fact]
    public void Extract_WwwInsideAUrl_IsOneOccurrence()
    {
        Assert.Equal(["https://www.example.org/a"], Urls("at https://www.example.org/a today"));
    }

    [Theory]
    [InlineData("HTTPS://EXAMPLE.ORG/A", "https://example.org/A")]
    [InlineData("Https://Example.Org/Path", "https://example.org/Path")]
    [InlineData("https://example.org:443/a#sec", "https://example.org/a")]
    [InlineData("http://example.org:80", "http://example.org/")]
    public void Extract_Url_IsNormalized(string text, string normalized)
    {
        Assert.Equal(normalized, Assert.Single(CitationExtractor.Extract(text)).Normalized.Url);
    }

    [Theory]
    [InlineData("Log in at http://user:pw@example.org/ first.")]
    [InlineData("A bare http:// is no source.")]
    [InlineData("Bad port https://example.org:99999/x here.")]
    [InlineData("Bad host https://exa_%mple.org/ here.")]
    public void Extract_UrlThatCannotBeNormalized_IsSkipped(string text)
    {
        Assert.Empty(CitationExtractor.Extract(text));
    }

    [Fact]
    public void Extract_UrlThatCannotBeNormalized_DoesNotHideTheNextOne()
    {
        Assert.Equal(["https://example.org/ok"], Urls("http://user:pw@example.org/ and https://example.org/ok"));
    }

    [Theory]
    [InlineData("ftp://example.org/file")]
    [InlineData("javascript:alert(1)")]
    [InlineData("xhttps://example.org/")]
    [InlineData("file:///C:/docs/report.pdf")]
    public void Extract_OtherSchemesOrGluedWords_AreNotUrls(string text)
    {
        Assert.Empty(CitationExtractor.Extract(text));
    }

    [Theory]
    [InlineData("https://www.gob.mx/sre/prensa/mexico-el-salvador-\nguatemala?state=published", "https://www.gob.mx/sre/prensa/mexico-el-salvador-guatemala?state=published")]
    [InlineData("https://example.org/reports/\n2020/annual.pdf", "https://example.org/reports/2020/annual.pdf")]
    [InlineData("https://example.org/reports/annual_\nreport.pdf", "https://example.org/reports/annual_report.pdf")]
    [InlineData("https://example.org/search?q=\nasylum", "https://example.org/search?q=asylum")]
    [InlineData("https://example.org/search?q=asylum&\nlang=es", "https://example.org/search?q=asylum&lang=es")]
    [InlineData("https://example.org/search?\nq=asylum", "https://example.org/search?q=asylum")]
    [InlineData("https://www.example.\norg/page", "https://www.example.org/page")]
    [InlineData("https://example.org/annual-report.\npdf", "https://example.org/annual-report.pdf")]
    [InlineData("https://example.org/a%\n20b", "https://example.org/a%20b")]
    [InlineData("https://www.oas.org/es/cidh/prensa/comu\nnicados/2020/027.asp", "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp")]
    [InlineData("https://www.oas.org/es/cidh/prensa/comunicados/2020/027\n.asp", "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp")]
    [InlineData("https://twitter.com/guatemalagob/status/\n1349698873988689926?s=24", "https://twitter.com/guatemalagob/status/1349698873988689926?s=24")]
    [InlineData("https://twitter.com/guatemalagob/status/\n1349698873988689926", "https://twitter.com/guatemalagob/status/1349698873988689926")]
    [InlineData("https://www.refworld.org/docid/\n5e786ab14.html", "https://www.refworld.org/docid/5e786ab14.html")]
    [InlineData("https://www.refworld.org/docid/\n5e786ab14", "https://www.refworld.org/docid/5e786ab14")]
    [InlineData("https://www.example.org/a/b/long-\npath-name/index.html?x=1&\ny=2 for more.", "https://www.example.org/a/b/long-path-name/index.html?x=1&y=2")]
    [InlineData("https://www.gob.mx/sre/prensa/mexico-el-salva\ndor-guatemala-y-honduras", "https://www.gob.mx/sre/prensa/mexico-el-salvador-guatemala-y-honduras")]
    [InlineData("https://\nwww.example.org/page", "https://www.example.org/page")]
    [InlineData("https://example.org/a-\nb-\nc/d.pdf", "https://example.org/a-b-c/d.pdf")]
    [InlineData("https://example.org/a\r\n/b", "https://example.org/a/b")]
    [InlineData("https://example.org/page-\n\fcontinued.pdf", "https://example.org/page-continued.pdf")]
    [InlineData("(https://en.wikipedia.org/wiki/Foo_\n(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("<https://example.org/long\nname>", "https://example.org/longname")]
    [InlineData("https://example.org/a-\nb.", "https://example.org/a-b")]
    public void Extract_UrlWrappedAcrossLines_IsJoined(string text, string expected)
    {
        var found = Assert.Single(CitationExtractor.Extract(text));

        Assert.Equal(expected, found.Url);
        Assert.Equal(1, found.Line);
    }

    [Theory]
    [InlineData("https://example.org/page\nThe next sentence starts here.", "https://example.org/page")]
    [InlineData("https://example.org/page\nand the report says", "https://example.org/page")]
    [InlineData("https://example.org/page\nand/or the report says", "https://example.org/page")]
    [InlineData("https://example.org/page\ne.g. the report says", "https://example.org/page")]
    [InlineData("https://example.org/page\nU.S. authorities said", "https://example.org/page")]
    [InlineData("https://example.org/page\n.NET developers", "https://example.org/page")]
    [InlineData("https://example.org/page\nwell-known issues", "https://example.org/page")]
    [InlineData("https://example.org/\nfor more details.", "https://example.org/")]
    [InlineData("https://example.org/reports/\n2021 was a hard year.", "https://example.org/reports/")]
    [InlineData("https://example.org/reports/\n3. Recommendations", "https://example.org/reports/")]
    [InlineData("https://example.org/reports/\n2nd edition", "https://example.org/reports/")]
    [InlineData("https://example.org/reports/\n10,000 people", "https://example.org/reports/")]
    [InlineData("See https://example.org/page.\nThe report/summary says", "https://example.org/page")]
    [InlineData("See https://example.org/page,\nwhich/what", "https://example.org/page")]
    [InlineData("See https://example.org/page;\nfoo/bar", "https://example.org/page")]
    [InlineData("See https://example.org/page:\nfoo/bar", "https://example.org/page")]
    [InlineData("https://example.org/page \ncontinued/here", "https://example.org/page")]
    [InlineData("https://example.org/page\n continued/here", "https://example.org/page")]
    [InlineData("https://example.org/page\n\nnext/paragraph", "https://example.org/page")]
    [InlineData("Did you read https://example.org/page?\nIt is long.", "https://example.org/page")]
    [InlineData("https://example.org/page-\n", "https://example.org/page-")]
    public void Extract_NextLineIsProse_IsNotJoined(string text, string expected)
    {
        Assert.Equal(expected, CitationExtractor.Extract(text)[0].Url);
    }

    [Theory]
    [InlineData("https://example.org/a\nhttps://example.org/b")]
    [InlineData("https://example.org/a/\nhttps://example.org/b")]
    [InlineData("https://example.org/a-\nhttps://example.org/b")]
    [InlineData("https://example.org/a\nhttp://example.org/b")]
    [InlineData("https://example.org/a\nwww.example.org/b")]
    [InlineData("https://example.org/a-\nWWW.example.org/b")]
    public void Extract_NextLineIsAnotherUrl_IsNotJoined(string text)
    {
        Assert.Equal(2, CitationExtractor.Extract(text).Count);
    }

    [Theory]
    [InlineData("https://example.org/contact-\ninfo@example.org")]
    [InlineData("https://example.org/contact/\npress@example.org")]
    public void Extract_NextLineIsEmailAddress_IsNotJoined(string text)
    {
        var found = Assert.Single(CitationExtractor.Extract(text));

        Assert.DoesNotContain("@", found.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_JoinedUrl_LeavesTheRestOfTheNextLineToTheScan()
    {
        var cited = CitationExtractor.Extract("See https://example.org/a-\nb/c.pdf and https://example.org/d here.");

        Assert.Equal(["https://example.org/a-b/c.pdf", "https://example.org/d"], cited.Select(c => c.Url));
        Assert.Equal([1, 2], cited.Select(c => c.Line));
        Assert.Equal("See https://example.org/a-b/c.pdf and https://example.org/d here.", cited[0].Context);
    }

    [Theory]
    [InlineData("https://example.org/long\u00ADname", "https://example.org/longname")]
    [InlineData("https://example.org/long\u200Bname", "https://example.org/longname")]
    [InlineData("https://example.org/a\u200B\nb/c.pdf", "https://example.org/ab/c.pdf")]
    public void Extract_InvisibleCharactersInUrl_AreSkipped(string text, string expected)
    {
        Assert.Equal([expected], Urls(text));
    }

    [Theory]
    [InlineData("https://example.org/a https://example.org/b", 2)]
    [InlineData("https://example.org/a,https://example.org/b;https://example.org/c", 3)]
    [InlineData("https://example.org/a\thttps://example.org/b\u00A0https://example.org/c", 3)]
    [InlineData("1.https://example.org/a 2.https://example.org/b", 2)]
    public void Extract_SeveralUrlsOnOneLine_AreSeparated(string text, int count)
    {
        Assert.Equal(count, CitationExtractor.Extract(text).Count);
    }

    [Fact]
    public void Extract_ArchiveUrlWithEmbeddedUrl_IsOneOccurrence()
    {
        var url = "https://web.archive.org/web/20210115000000/https://www.example.org/page";

        Assert.Equal([url], Urls($"Archived at {url}."));
    }

    [Fact]
    public void Extract_Context_CollapsesWhitespaceAndTrims()
    {
        var found = Assert.Single(CitationExtractor.Extract("   Source:\t\thttps://example.org/a    (accessed   2021)   "));

        Assert.Equal("Source: https://example.org/a (accessed 2021)", found.Context);
    }

    [Fact]
    public void Extract_Context_IsTheLineNotTheParagraph()
    {
        var found = Assert.Single(CitationExtractor.Extract("Line one.\nSee https://example.org/a now.\nLine three."));

        Assert.Equal("See https://example.org/a now.", found.Context);
    }

    [Fact]
    public void Extract_WrappedUrl_ContextSpansBothLinesWithTheJoinedUrl()
    {
        var found = Assert.Single(CitationExtractor.Extract("Before https://example.org/a-\nb.pdf after"));

        Assert.Equal("Before https://example.org/a-b.pdf after", found.Context);
    }

    [Fact]
    public void Extract_LongLine_ContextIsCentredOnTheUrlAndCutAtWords()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"w{i}"));
        var url = "https://example.org/middle";
        var found = Assert.Single(CitationExtractor.Extract($"{words} {url} {words}"));

        Assert.True(found.Context.Length <= 300, $"context is {found.Context.Length} characters");
        Assert.StartsWith("…w", found.Context, StringComparison.Ordinal);
        Assert.EndsWith("…", found.Context, StringComparison.Ordinal);
        Assert.Contains($" {url} ", found.Context, StringComparison.Ordinal);
        var index = found.Context.IndexOf(url, StringComparison.Ordinal);
        var before = index;
        var after = found.Context.Length - index - url.Length;
        Assert.InRange(before - after, -10, 10);
    }

    [Fact]
    public void Extract_LongLineWithUrlNearTheStart_GivesTheSpareRoomToTheRight()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"w{i}"));
        var found = Assert.Single(CitationExtractor.Extract($"See https://example.org/a {words}"));

        Assert.StartsWith("See https://example.org/a w0 w1", found.Context, StringComparison.Ordinal);
        Assert.EndsWith("…", found.Context, StringComparison.Ordinal);
        Assert.InRange(found.Context.Length, 280, 300);
    }

    [Fact]
    public void Extract_VeryLongUrl_ContextIsCapped()
    {
        var url = "https://example.org/" + new string('a', 400);
        var found = Assert.Single(CitationExtractor.Extract($"See {url} now"));

        Assert.Equal(url, found.Url);
        Assert.True(found.Context.Length <= 300);
    }

    [Fact]
    public void Extract_DuplicateCitations_AreKeptAndShareTheKey()
    {
        var cited = CitationExtractor.Extract("http://www.example.org/a\nhttps://www.example.org/a?utm_source=x#top\nwww.example.org/a");

        Assert.Equal(3, cited.Count);
        Assert.Single(cited.Select(c => c.Normalized.Key).Distinct());
        Assert.Equal([1, 2, 3], cited.Select(c => c.Line));
    }
}
