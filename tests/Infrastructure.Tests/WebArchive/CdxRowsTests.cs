using CitationMonitor.Infrastructure.WebArchive;

namespace CitationMonitor.Infrastructure.Tests.WebArchive;

/// <summary>The CDX answer is not taken on trust: rows with another status than 200 are skipped, and the closest in time wins.</summary>
public sealed class CdxRowsTests
{
    private const string Header = """["urlkey","timestamp","original","mimetype","statuscode","digest","length"]""";

    [Fact]
    public void RowsWithAnotherStatus_AreSkipped_AndTheClosestOfTheRestWins()
    {
        var json = $$"""
            [{{Header}},
             ["x)/a","20210101000000","http://x/a","text/html","404","AAAA","100"],
             ["x)/a","20210110083000","http://x/a","text/html","200","BBBB","100"],
             ["x)/a","20210125000000","http://x/a","text/html","200","CCCC","100"],
             ["x)/a","20210118000000","http://x/a","warc/revisit","-","DDDD","100"]]
            """;

        var capture = CdxRows.Closest(json, new DateTimeOffset(2021, 1, 19, 0, 0, 0, TimeSpan.Zero));

        Assert.NotNull(capture);
        Assert.Equal("20210125000000", capture.Timestamp);
        Assert.Equal(200, capture.StatusCode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[" + Header + "]")]
    [InlineData("[" + Header + ",[\"x)/a\",\"20210101000000\",\"http://x/a\",\"text/html\",\"302\",\"A\",\"1\"]]")]
    public void NoCaptureWithStatus200_IsNone(string json) =>
        Assert.Null(CdxRows.Closest(json, DateTimeOffset.UnixEpoch));
}
