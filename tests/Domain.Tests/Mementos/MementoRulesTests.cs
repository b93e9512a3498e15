using CitationMonitor.Domain.Mementos;

namespace CitationMonitor.Domain.Tests.Mementos;

public sealed class MementoRulesTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 10, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("20260301101500", "2026-03-01T10:15:00Z")]
    [InlineData("2026030110", "2026-03-01T10:00:00Z")]
    [InlineData("202603", "2026-03-01T00:00:00Z")]
    [InlineData("2026", "2026-01-01T00:00:00Z")]
    public void Digits_NameTheEarliestMomentTheyCover(string digits, string expected)
    {
        Assert.True(MementoDatetime.TryParseDigits(digits, out var value));
        Assert.Equal(DateTimeOffset.Parse(expected), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("202")]
    [InlineData("20260")]
    [InlineData("202613")]
    [InlineData("20260230")]
    [InlineData("20260301256000")]
    [InlineData("2026030110150000")]
    [InlineData("2026-03-01")]
    [InlineData("٢٠٢٦")]
    public void ImpossibleOrMalformedDigits_AreRefused(string? digits) =>
        Assert.False(MementoDatetime.TryParseDigits(digits, out _));

    [Fact]
    public void HttpDates_RoundTrip_AndOnlyImfFixdateIsAccepted()
    {
        Assert.Equal("Sun, 01 Mar 2026 10:15:00 GMT", MementoDatetime.ToHttpDate(Day1));
        Assert.True(MementoDatetime.TryParseHttpDate("Sun, 01 Mar 2026 10:15:00 GMT", out var parsed));
        Assert.Equal(Day1, parsed);
        Assert.False(MementoDatetime.TryParseHttpDate("2026-03-01T10:15:00Z", out _));
        Assert.False(MementoDatetime.TryParseHttpDate("yesterday", out _));
        Assert.False(MementoDatetime.TryParseHttpDate("", out _));
    }

    [Fact]
    public void List_IsInTimeOrder_OneMementoPerSecondAndUri_TheLaterSnapshotKept()
    {
        var list = new MementoList(
        [
            new Memento(Day1.AddDays(1), "m/2", 3),
            new Memento(Day1.AddMilliseconds(200), "m/1", 1),
            new Memento(Day1.AddMilliseconds(700), "m/1", 2),
            new Memento(Day1.AddYears(-2), "https://archive.example/web/1", null),
        ]);

        Assert.Equal(["https://archive.example/web/1", "m/1", "m/2"], list.Items.Select(m => m.Uri));
        Assert.Equal(2, list.Items[1].SnapshotId);
        Assert.Equal(Day1, list.Items[1].Datetime);
        Assert.Equal(list.Items[0], list.First);
        Assert.Equal(list.Items[2], list.Last);
        Assert.Null(list.Previous(list.Items[0]));
        Assert.Equal(list.Items[0], list.Previous(list.Items[1]));
        Assert.Equal(list.Items[2], list.Next(list.Items[1]));
        Assert.Null(list.Next(list.Items[2]));
    }

    [Fact]
    public void Closest_IsNearestInTime_TheEarlierOnATie_NullWhenEmpty()
    {
        var list = new MementoList([new Memento(Day1, "a", 1), new Memento(Day1.AddDays(2), "b", 2)]);

        Assert.Equal("a", list.Closest(Day1.AddYears(-1))!.Uri);
        Assert.Equal("a", list.Closest(Day1.AddHours(23))!.Uri);
        Assert.Equal("a", list.Closest(Day1.AddDays(1))!.Uri);
        Assert.Equal("b", list.Closest(Day1.AddHours(25))!.Uri);
        Assert.Equal("b", list.Closest(Day1.AddYears(1))!.Uri);
        Assert.Null(new MementoList([]).Closest(Day1));
    }

    [Fact]
    public void TimeMap_NamesOriginalSelfTimeGate_AndMarksFirstAndLast()
    {
        var list = new MementoList([new Memento(Day1, "http://m/1", 1), new Memento(Day1.AddDays(1), "http://m/2", 2), new Memento(Day1.AddDays(2), "http://m/3", 3)]);

        var body = LinkFormat.TimeMap("http://example.org/a", "http://m/timemap", "http://m/timegate", list);

        Assert.Equal(
            """
            <http://example.org/a>; rel="original",
            <http://m/timemap>; rel="self"; type="application/link-format"; from="Sun, 01 Mar 2026 10:15:00 GMT"; until="Tue, 03 Mar 2026 10:15:00 GMT",
            <http://m/timegate>; rel="timegate",
            <http://m/1>; rel="first memento"; datetime="Sun, 01 Mar 2026 10:15:00 GMT",
            <http://m/2>; rel="memento"; datetime="Mon, 02 Mar 2026 10:15:00 GMT",
            <http://m/3>; rel="last memento"; datetime="Tue, 03 Mar 2026 10:15:00 GMT"

            """.ReplaceLineEndings("\n"),
            body);
    }

    [Fact]
    public void SingleMemento_IsFirstAndLast_AndUrisThatWouldBreakALinkAreEscaped()
    {
        var list = new MementoList([new Memento(Day1, "http://m/1?q=\"a b\">", 1)]);

        Assert.Equal(
            "<http://m/1?q=%22a%20b%22%3E>; rel=\"first last memento\"; datetime=\"Sun, 01 Mar 2026 10:15:00 GMT\"",
            LinkFormat.MementoLink(list.Items[0], list));
        Assert.DoesNotContain("from=", LinkFormat.TimeMap("http://o", "http://t", "http://g", new MementoList([])));
    }
}
