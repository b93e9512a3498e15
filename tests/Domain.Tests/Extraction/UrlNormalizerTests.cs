using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Tests.Extraction;

public sealed class UrlNormalizerTests
{
    [Theory]
    [InlineData("https://www.example.org/a/b", "https://www.example.org/a/b", "www.example.org/a/b", "www.example.org")]
    [InlineData("HTTPS://WWW.Example.ORG/Path/File.PDF", "https://www.example.org/Path/File.PDF", "www.example.org/Path/File.PDF", "www.example.org")]
    [InlineData("Http://Example.org", "http://example.org/", "example.org/", "example.org")]
    [InlineData("  https://example.org/x  ", "https://example.org/x", "example.org/x", "example.org")]
    [InlineData("www.example.org/path", "http://www.example.org/path", "www.example.org/path", "www.example.org")]
    [InlineData("WWW.Example.org", "http://www.example.org/", "www.example.org/", "www.example.org")]
    public void Normalize_ValidUrl_GivesUrlKeyAndHost(string input, string url, string key, string host)
    {
        var normalized = UrlNormalizer.Normalize(input);

        Assert.Equal(new NormalizedUrl(url, key, host), normalized);
    }

    [Theory]
    [InlineData("http://example.org:80/a", "http://example.org/a")]
    [InlineData("https://example.org:443/a", "https://example.org/a")]
    [InlineData("http://example.org:443/a", "http://example.org:443/a")]
    [InlineData("https://example.org:80/a", "https://example.org:80/a")]
    [InlineData("https://example.org:8443/a", "https://example.org:8443/a")]
    [InlineData("http://example.org:080/a", "http://example.org/a")]
    [InlineData("http://example.org:/a", "http://example.org/a")]
    [InlineData("https://example.org:443", "https://example.org/")]
    public void Normalize_Port_DefaultIsDroppedOthersKept(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Fact]
    public void Normalize_PortIsNotPartOfHost()
    {
        var normalized = UrlNormalizer.Normalize("https://Example.org:8443/a");

        Assert.Equal("example.org", normalized.Host);
        Assert.Equal("example.org:8443/a", normalized.Key);
    }

    [Theory]
    [InlineData("https://example.org/a#section-2", "https://example.org/a")]
    [InlineData("https://example.org/a?x=1#frag", "https://example.org/a?x=1")]
    [InlineData("https://example.org#top", "https://example.org/")]
    [InlineData("https://example.org/a#", "https://example.org/a")]
    [InlineData("https://example.org/a?", "https://example.org/a")]
    [InlineData("https://example.org/a?#x", "https://example.org/a")]
    [InlineData("https://example.org?x=1", "https://example.org/?x=1")]
    public void Normalize_FragmentAndEmptyQuery_AreDropped(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Fact]
    public void Normalize_HttpAndHttpsOfOneUrl_ShareTheKey()
    {
        var http = UrlNormalizer.Normalize("http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp");
        var https = UrlNormalizer.Normalize("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp");

        Assert.Equal("www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", http.Key);
        Assert.Equal(http.Key, https.Key);
        Assert.NotEqual(http.Url, https.Url);
    }

    [Theory]
    [InlineData("utm_source")]
    [InlineData("utm_medium")]
    [InlineData("utm_campaign")]
    [InlineData("utm_term")]
    [InlineData("utm_content")]
    [InlineData("UTM_Source")]
    [InlineData("utm_id")]
    [InlineData("fbclid")]
    [InlineData("gclid")]
    [InlineData("dclid")]
    [InlineData("gbraid")]
    [InlineData("wbraid")]
    [InlineData("msclkid")]
    [InlineData("mc_cid")]
    [InlineData("mc_eid")]
    [InlineData("igshid")]
    [InlineData("yclid")]
    [InlineData("_ga")]
    [InlineData("_gl")]
    [InlineData("_hsenc")]
    [InlineData("_hsmi")]
    [InlineData("mkt_tok")]
    [InlineData("oly_anon_id")]
    [InlineData("oly_enc_id")]
    [InlineData("vero_id")]
    [InlineData("rb_clickid")]
    [InlineData("s_cid")]
    [InlineData("ref_src")]
    [InlineData("FBCLID")]
    public void Normalize_TrackingParameter_IsRemoved(string name)
    {
        var alone = UrlNormalizer.Normalize($"https://example.org/a?{name}=abc123");
        var between = UrlNormalizer.Normalize($"https://example.org/a?id=7&{name}=abc123&lang=es");
        var valueless = UrlNormalizer.Normalize($"https://example.org/a?{name}");

        Assert.Equal("https://example.org/a", alone.Url);
        Assert.Equal("https://example.org/a?id=7&lang=es", between.Url);
        Assert.Equal("https://example.org/a", valueless.Url);
    }

    [Theory]
    [InlineData("https://twitter.com/guatemalagob/status/1349698873988689926?s=24", "https://twitter.com/guatemalagob/status/1349698873988689926")]
    [InlineData("https://x.com/user/status/1?s=20&t=AbCdEf", "https://x.com/user/status/1")]
    [InlineData("https://mobile.twitter.com/user/status/1?t=xyz&s=09", "https://mobile.twitter.com/user/status/1")]
    [InlineData("https://Twitter.com/user/status/1?lang=es&s=19", "https://twitter.com/user/status/1?lang=es")]
    [InlineData("https://www.twitter.com/user?s=21", "https://www.twitter.com/user")]
    public void Normalize_TwitterShareParameters_AreRemoved(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://example.org/search?s=asylum&t=2")]
    [InlineData("https://www.wordpress-site.org/?s=caravan")]
    [InlineData("https://notx.com/a?s=1")]
    public void Normalize_ShareParametersOnOtherHosts_AreKept(string input)
    {
        Assert.Equal(input, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=5e786ab14")]
    [InlineData("https://example.org/a?z=1&a=2&m=3")]
    [InlineData("https://example.org/a?q=human+rights&lang=es")]
    [InlineData("https://example.org/a?q=human%20rights")]
    [InlineData("https://example.org/a?q=a%2Bb&empty=&flag")]
    [InlineData("https://example.org/a?id=1&id=2&id=1")]
    [InlineData("https://example.org/a?Page=2&SORT=Desc")]
    [InlineData("https://example.org/a?next=https://other.org/b?c=d")]
    [InlineData("https://example.org/a?x=1;y=2")]
    [InlineData("https://example.org/a?list[]=1&list[]=2")]
    [InlineData("https://example.org/path%20with%2Fescapes/%7Euser/")]
    public void Normalize_OtherQueryParametersAndEscapes_AreKeptAsCited(string input)
    {
        Assert.Equal(input, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://example.org/a?utm_source=x&b=2&fbclid=y&a=1", "https://example.org/a?b=2&a=1")]
    [InlineData("https://example.org/a?c=3&&b=2&", "https://example.org/a?c=3&b=2")]
    [InlineData("https://example.org/a?utm_source=x", "https://example.org/a")]
    public void Normalize_KeptParameters_StayInTheirOrder(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://example.org/a%2fb?q=%e2%82%ac", "https://example.org/a%2Fb?q=%E2%82%AC")]
    [InlineData("https://example.org/100%", "https://example.org/100%25")]
    [InlineData("https://example.org/a%zz", "https://example.org/a%25zz")]
    [InlineData("https://es.wikipedia.org/wiki/Petén", "https://es.wikipedia.org/wiki/Pet%C3%A9n")]
    [InlineData("https://example.org/búsqueda?q=niños", "https://example.org/b%C3%BAsqueda?q=ni%C3%B1os")]
    [InlineData("https://example.org/a|b", "https://example.org/a%7Cb")]
    [InlineData("https://example.org/a\\b", "https://example.org/a/b")]
    public void Normalize_CharactersInvalidInUrls_ArePercentEncoded(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://example.org/a/./b", "https://example.org/a/b")]
    [InlineData("https://example.org/a/../b", "https://example.org/b")]
    [InlineData("https://example.org/../../b", "https://example.org/b")]
    [InlineData("https://example.org/a/b/..", "https://example.org/a/")]
    [InlineData("https://example.org/a/.", "https://example.org/a/")]
    [InlineData("https://example.org/a/...b/file.v2.pdf", "https://example.org/a/...b/file.v2.pdf")]
    public void Normalize_DotSegments_AreResolved(string input, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Normalize(input).Url);
    }

    [Theory]
    [InlineData("https://bücher.example/a", "https://xn--bcher-kva.example/a", "xn--bcher-kva.example")]
    [InlineData("https://BÜCHER.example/a", "https://xn--bcher-kva.example/a", "xn--bcher-kva.example")]
    [InlineData("https://xn--bcher-kva.example/a", "https://xn--bcher-kva.example/a", "xn--bcher-kva.example")]
    [InlineData("https://www.example.org./a", "https://www.example.org/a", "www.example.org")]
    [InlineData("https://my_host.example.org/", "https://my_host.example.org/", "my_host.example.org")]
    public void Normalize_Host_IsLowerCaseAscii(string input, string url, string host)
    {
        var normalized = UrlNormalizer.Normalize(input);

        Assert.Equal(url, normalized.Url);
        Assert.Equal(host, normalized.Host);
    }

    [Theory]
    [InlineData("http://192.168.1.10/admin", "http://192.168.1.10/admin", "192.168.1.10")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/", "127.0.0.1")]
    [InlineData("http://[::1]/", "http://[::1]/", "[::1]")]
    [InlineData("http://[2001:DB8::0001]:8080/x", "http://[2001:db8::1]:8080/x", "[2001:db8::1]")]
    [InlineData("https://[2001:db8::1]:443/", "https://[2001:db8::1]/", "[2001:db8::1]")]
    public void Normalize_IpLiteralHost_IsAllowed(string input, string url, string host)
    {
        var normalized = UrlNormalizer.Normalize(input);

        Assert.Equal(url, normalized.Url);
        Assert.Equal(host, normalized.Host);
    }

    [Theory]
    [InlineData("ftp://ftp.example.org/file.pdf", "only http and https")]
    [InlineData("javascript:alert(1)", "only http and https")]
    [InlineData("mailto:info@example.org", "only http and https")]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("data:text/html,hello", "only http and https")]
    [InlineData("http://", "no host")]
    [InlineData("https://", "no host")]
    [InlineData("http:///path", "no host")]
    [InlineData("https://:8080/", "no host")]
    [InlineData("http://user:pw@host/", "user name or password")]
    [InlineData("https://user@example.org/", "user name or password")]
    [InlineData("https://example.org@evil.example/", "user name or password")]
    [InlineData("https://exa mple.org/", "spaces")]
    [InlineData("https://example.org/a b", "spaces")]
    [InlineData("https://example.org/a\tb", "spaces")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("example.org/path", "absolute")]
    [InlineData("/relative/path", "absolute")]
    [InlineData("//example.org/a", "absolute")]
    [InlineData("http:example.org", "malformed")]
    [InlineData("https://example.org:99999/", "port")]
    [InlineData("https://example.org:8o/", "port")]
    [InlineData("https://example.org:0/", "port")]
    [InlineData("https://example.org:-1/", "port")]
    [InlineData("https://exa!mple.org/", "host")]
    [InlineData("https://a..b.org/", "host")]
    [InlineData("https://ex%41mple.org/", "host")]
    [InlineData("http://300.1.1.1/", "IPv4")]
    [InlineData("http://[::1/", "IPv6")]
    [InlineData("http://[not-an-ip]/", "IPv6")]
    public void TryNormalize_InvalidUrl_IsRejectedWithError(string input, string errorFragment)
    {
        var ok = UrlNormalizer.TryNormalize(input, out var normalized, out var error);

        Assert.False(ok);
        Assert.Null(normalized);
        Assert.Contains(errorFragment, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Normalize_InvalidUrl_ThrowsFormatExceptionWithTheSameError()
    {
        UrlNormalizer.TryNormalize("ftp://example.org/", out _, out var error);

        var exception = Assert.Throws<FormatException>(() => UrlNormalizer.Normalize("ftp://example.org/"));

        Assert.Equal(error, exception.Message);
    }

    [Fact]
    public void TryNormalize_ValidUrl_HasNoError()
    {
        var ok = UrlNormalizer.TryNormalize("https://example.org/", out var normalized, out var error);

        Assert.True(ok);
        Assert.NotNull(normalized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("https://example.org/a?b=1")]
    [InlineData("HTTP://WWW.EXAMPLE.ORG:80/A?utm_source=x&b=%c3%a9#f")]
    [InlineData("www.example.org/x?fbclid=1")]
    [InlineData("https://bücher.example/ä?q=ü")]
    public void Normalize_NormalizedUrl_IsAFixedPoint(string input)
    {
        var once = UrlNormalizer.Normalize(input);
        var twice = UrlNormalizer.Normalize(once.Url);

        Assert.Equal(once, twice);
    }

    [Fact]
    public void Normalize_Result_IsAValidAbsoluteUri()
    {
        var normalized = UrlNormalizer.Normalize("https://example.org/a b".Replace(' ', '|'));

        Assert.True(Uri.TryCreate(normalized.Url, UriKind.Absolute, out var uri));
        Assert.Equal("https", uri.Scheme);
    }
}
