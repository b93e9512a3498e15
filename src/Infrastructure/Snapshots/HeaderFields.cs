using System.Text.Json;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>Header lines as stored on a snapshot: a JSON array of <c>[name, value]</c> pairs, in order.</summary>
internal static class HeaderFields
{
    public static string? ToJson(IReadOnlyList<HttpHeaderField>? fields) =>
        fields is null ? null : JsonSerializer.Serialize(fields.Select(field => new[] { field.Name, field.Value }));

    /// <summary>The stored lines; null for a snapshot taken before full captures were kept.</summary>
    public static IReadOnlyList<HttpHeaderField>? FromJson(string? json) =>
        json is null
            ? null
            : (JsonSerializer.Deserialize<string[][]>(json) ?? [])
                .Where(pair => pair.Length == 2)
                .Select(pair => new HttpHeaderField(pair[0], pair[1]))
                .ToList();

    /// <summary>The request and answer a snapshot recorded; null for a snapshot taken before full captures were kept.</summary>
    public static HttpExchange? ExchangeOf(SnapshotRow row) =>
        row.RequestMethod is null || row.HttpVersion is null
            ? null
            : new HttpExchange(
                row.RequestMethod,
                row.RequestUrl ?? row.FinalUrl,
                FromJson(row.RequestHeaders) ?? [],
                row.HttpVersion,
                row.HttpStatus,
                row.ReasonPhrase,
                FromJson(row.ResponseHeaders) ?? []);
}
