using System.Diagnostics;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Measurements.Tests.Text;

/// <summary>Comparisons that would be slow done naively, against the clock.</summary>
public sealed class TextComparerSpeedTests
{
    [Fact]
    public void CompletelyDifferentLongTextsAreComparedQuickly()
    {
        var oldText = string.Join(' ', Enumerable.Range(0, 29_000).Select(i => $"old{i}"));
        var newText = string.Join(' ', Enumerable.Range(0, 29_000).Select(i => $"new{i}"));
        var stopwatch = Stopwatch.StartNew();

        var comparison = TextComparer.Compare(oldText, newText);

        Assert.Equal(0.0, comparison.Similarity);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }
}
