using CitationMonitor.Infrastructure.Noise;

namespace CitationMonitor.Api.Citations;

/// <summary>
/// A line learned to change between fetches. <c>shape</c> is what is matched (digits as 0, long tokens as *),
/// <c>text</c> one line as it was seen.
/// </summary>
public sealed record VolatileLineResponse(string Text, string Shape, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, int TimesSeen);

internal static class VolatileLineMapping
{
    public static VolatileLineResponse ToResponse(this VolatileLineRow row) =>
        new(row.Example, row.Shape, row.FirstSeenAt, row.LastSeenAt, row.TimesSeen);
}
