using System.Globalization;
using System.Text;
using CitationMonitor.Api.Http;

namespace CitationMonitor.Api.Export;

/// <summary>The two spellings of a watch list file.</summary>
internal enum WatchlistFileKind
{
    Json,
    Csv,
}

/// <summary>
/// What the JSON and CSV spellings of a watch list share: the format's name and version, how times are written, and how
/// a watch list file is told from its first bytes (so that the document upload can refuse one and say where it goes).
/// </summary>
internal static class WatchlistFiles
{
    /// <summary>The value of <c>format</c> in a JSON watch list.</summary>
    public const string FormatName = "citation-monitor-watchlist";

    /// <summary>The version of the format this monitor writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Where a watch list file is imported.</summary>
    public const string ImportPath = "/api/import/watchlist";

    /// <summary>How a CSV watch list begins (after its byte-order mark): the first columns of its header.</summary>
    public const string CsvSignature = "url,normalizedUrl,labels,checkInterval,paused,retired,documentId,";

    /// <summary>The most problems a refused file lists; the detail says how many more there were.</summary>
    public const int MaxErrorsListed = 50;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    /// <summary>Bytes of a file looked at to tell whether it is a watch list: the exporter writes the format's name first.</summary>
    private const int SignatureWindow = 512;

    /// <summary>
    /// A time as the watch list writes it: UTC, to the second, with the fraction only when there is one (so that a time
    /// read back is the very instant stored, and importing a file again changes nothing).
    /// </summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? time) => time is { } t ? Time(t) : null;

    /// <summary>An interval as answers spell it: <c>d.hh:mm:ss</c>.</summary>
    public static string? Interval(TimeSpan? interval) => interval?.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The kind of watch list these bytes are, told from their start as this monitor writes them; null when neither.</summary>
    public static WatchlistFileKind? Recognize(ReadOnlySpan<byte> bytes)
    {
        var content = WithoutPreamble(bytes);
        var start = Encoding.UTF8.GetString(content[..Math.Min(SignatureWindow, content.Length)]).TrimStart();
        if (start.StartsWith('{') && start.Contains($"\"{FormatName}\"", StringComparison.Ordinal))
        {
            return WatchlistFileKind.Json;
        }

        return start.StartsWith(CsvSignature, StringComparison.Ordinal) ? WatchlistFileKind.Csv : null;
    }

    /// <summary>The bytes after a UTF-8 byte-order mark, if they start with one.</summary>
    public static ReadOnlySpan<byte> WithoutPreamble(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;

    /// <summary>What <c>POST /api/documents</c> says of a watch list uploaded as a document.</summary>
    public static string NotADocument(WatchlistFileKind kind) =>
        $"This file is a watch list ({(kind == WatchlistFileKind.Json ? "JSON" : "CSV")}) exported by a citation monitor, not a document: "
        + $"restore it with POST {ImportPath} (curl -F file=@watchlist.{(kind == WatchlistFileKind.Json ? "json" : "csv")} …{ImportPath}). Nothing was stored.";
}

/// <summary>
/// The problems of a watch list file, each at its place in the file (a JSON path such as
/// <c>citations[3].checkInterval</c>, or a CSV line and column such as <c>line 5, checkInterval</c>); at most
/// <see cref="WatchlistFiles.MaxErrorsListed"/> are listed, the rest counted.
/// </summary>
internal sealed class WatchlistErrors
{
    private readonly QueryErrors _errors = new();

    public bool HasErrors => Count > 0;

    public int Count { get; private set; }

    public IDictionary<string, string[]> Listed => _errors.Errors;

    public void Add(string where, string message)
    {
        Count++;
        if (Count <= WatchlistFiles.MaxErrorsListed)
        {
            _errors.Add(where, message);
        }
    }

    /// <summary>The problem's detail: how many problems, how many listed, and that nothing was imported.</summary>
    public string Detail =>
        $"The watch list has {Count} problem{(Count == 1 ? "" : "s")}"
        + (Count > WatchlistFiles.MaxErrorsListed ? $" (the first {WatchlistFiles.MaxErrorsListed} are listed)" : "")
        + "; nothing was imported.";
}
