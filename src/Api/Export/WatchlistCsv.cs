using System.Globalization;
using System.Text;
using CitationMonitor.Api.Citations;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Infrastructure.Export;

namespace CitationMonitor.Api.Export;

/// <summary>
/// The watch list as CSV, for a spreadsheet: RFC 4180, UTF-8 with a byte-order mark, a header row, one row per place (the
/// citation's fields repeated on each of its rows; a source watched on its own has a row without a document). A cell
/// that a spreadsheet would run as a formula (starting with <c>= + - @</c>, a tab or a carriage return) is written after
/// a <c>'</c>, and so is one starting with <c>'</c>, so that reading the file back removes exactly the one added.
/// </summary>
internal static class WatchlistCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Characters of rows buffered before they are sent on.</summary>
    private const int FlushChars = 32 * 1024;

    /// <summary>The columns, in the order written; a file to import may have them in any order, and needs <c>url</c> only.</summary>
    public static readonly string[] Columns =
    [
        "url", "normalizedUrl", "labels", "checkInterval", "paused", "retired",
        "documentId", "documentTitle", "documentSourceUrl", "documentPublishedAt", "documentKind", "documentRetired",
        "quote", "accessedAt", "context", "citedUrl", "occurrences", "footnote",
    ];

    /// <summary>
    /// Writes the header and the rows as the citations are read. The documents of the cut are read first and kept, to
    /// repeat on each of their rows: a watch list's documents, not their places, are what it holds in memory.
    /// </summary>
    public static async Task WriteAsync(Stream stream, WatchlistStore store, WatchlistCut cut, CancellationToken cancellationToken)
    {
        var documents = new Dictionary<long, WatchlistDocument>();
        await foreach (var document in store.DocumentsAsync(cut, cancellationToken))
        {
            documents[document.Ref] = document;
        }

        await stream.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), FlushChars, leaveOpen: true);
        var rows = new StringBuilder();
        rows.AppendJoin(',', Columns).Append("\r\n");
        await foreach (var citation in store.CitationsAsync(cut, cancellationToken))
        {
            string?[] source =
            [
                citation.Url, citation.NormalizedUrl, string.Join(',', citation.Labels), WatchlistFiles.Interval(citation.CheckInterval),
                Flag(citation.Paused), Flag(citation.Retired),
            ];
            foreach (var place in citation.Places.Count > 0 ? citation.Places : [new WatchlistPlace(null)])
            {
                var document = place.DocumentRef is { } id ? documents.GetValueOrDefault(id) : null;
                string?[] cited =
                [
                    document?.Ref.ToString(CultureInfo.InvariantCulture), document?.Title, document?.SourceUrl, WatchlistFiles.Time(document?.PublishedAt),
                    document?.Kind.ToWireName(), document is null ? null : Flag(document.Retired),
                    place.Quote, WatchlistFiles.Time(place.AccessedAt), place.Context, place.CitedUrl,
                    document is null ? null : place.Occurrences.ToString(CultureInfo.InvariantCulture), place.Footnote,
                ];
                rows.AppendJoin(',', source.Concat(cited).Select(Cell)).Append("\r\n");
            }

            if (rows.Length >= FlushChars)
            {
                await writer.WriteAsync(rows, cancellationToken);
                await writer.FlushAsync(cancellationToken);
                rows.Clear();
            }
        }

        await writer.WriteAsync(rows, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>A cell: quoted when needed, after a <c>'</c> when a spreadsheet would read it as a formula (or it starts with one).</summary>
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A cell as read: the <c>'</c> the writer puts before a formula-like value (or one starting with <c>'</c>) removed.</summary>
    private static string Uncell(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\'' ? value[1..] : value;

    private sealed class Row(int line, string[] cells, Dictionary<string, int> columns)
    {
        public int Line { get; } = line;

        /// <summary>The cell of a column, its formula guard removed; null when empty or when the file has no such column.</summary>
        public string? this[string column] =>
            columns.TryGetValue(column, out var index) && cells[index].Length > 0 ? Uncell(cells[index]) : null;

        public string Where(string column) => $"line {Line}, {column}";
    }

    private sealed class CsvCitation(WatchlistCitation settings, string key, int line)
    {
        public WatchlistCitation Settings { get; } = settings;
        public string Key { get; } = key;
        public int Line { get; } = line;
        public List<WatchlistPlace> Places { get; } = [];
        public List<string> PlaceWheres { get; } = [];
    }

    /// <summary>
    /// The watch list in <paramref name="bytes"/> (UTF-8, with or without a byte-order mark), or null with its problems in
    /// <paramref name="errors"/>, each at its line and column (<c>line 5, checkInterval</c>). Rows of the same source must
    /// agree on its settings, and rows of the same document on its fields; a row without <c>documentId</c> but with a
    /// <c>documentTitle</c> names its document by title and source URL. Columns this monitor does not know are left out
    /// and named in <paramref name="ignored"/>.
    /// </summary>
    public static Watchlist? Read(ReadOnlySpan<byte> bytes, WatchlistErrors errors, ISet<string> ignored)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(WatchlistFiles.WithoutPreamble(bytes));
        }
        catch (DecoderFallbackException)
        {
            errors.Add("file", "The file is not UTF-8 text: save the CSV as UTF-8 (a spreadsheet offers \"CSV UTF-8\").");
            return null;
        }

        if (Records(text, errors) is not { } records)
        {
            return null;
        }

        if (records.Count == 0)
        {
            errors.Add("file", $"The file is empty: a watch list in CSV starts with a header row ({string.Join(',', Columns)}).");
            return null;
        }

        if (Header(records[0], errors, ignored) is not { } columns)
        {
            return null;
        }

        var documents = new Dictionary<string, (WatchlistDocument Document, int Line)>(StringComparer.Ordinal);
        var citations = new Dictionary<string, CsvCitation>(StringComparer.Ordinal);
        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.Length != records[0].Cells.Length)
            {
                errors.Add($"line {line}", $"has {cells.Length} cells; the header has {records[0].Cells.Length}.");
                continue;
            }

            ReadRow(new Row(line, cells, columns), documents, citations, errors);
        }

        var builder = new WatchlistBuilder(errors);
        foreach (var (document, line) in documents.Values)
        {
            builder.AddDocument(document, $"line {line}");
        }

        foreach (var citation in citations.Values)
        {
            builder.AddCitation(citation.Settings with { Places = citation.Places }, citation.Key, $"line {citation.Line}", citation.PlaceWheres);
        }

        return builder.Build();
    }

    private static Dictionary<string, int>? Header((int Line, string[] Cells) header, WatchlistErrors errors, ISet<string> ignored)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Length; i++)
        {
            var name = header.Cells[i].Trim();
            if (!Columns.Contains(name, StringComparer.Ordinal))
            {
                if (name.Length > 0 && ignored.Count < WatchlistFiles.MaxErrorsListed)
                {
                    ignored.Add(name);
                }
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add($"line {header.Line}", $"The column {name} is in the header twice.");
            }
        }

        if (!columns.ContainsKey("url"))
        {
            errors.Add($"line {header.Line}", $"The header has no column url. A watch list in CSV starts with a header row: {string.Join(',', Columns)}.");
        }

        return errors.HasErrors ? null : columns;
    }

    private static void ReadRow(
        Row row, Dictionary<string, (WatchlistDocument Document, int Line)> documents, Dictionary<string, CsvCitation> citations, WatchlistErrors errors)
    {
        if (WatchlistValues.Url(row["url"], row.Where("url"), errors, out var normalized) is not { } url || normalized is null)
        {
            return;
        }

        var settings = new WatchlistCitation(url, normalized.Url, [])
        {
            Labels = WatchlistValues.Labels((row["labels"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), row.Where("labels"), errors),
            CheckInterval = WatchlistValues.Interval(row["checkInterval"], row.Where("checkInterval"), errors),
            Paused = Flag(row, "paused", errors),
            Retired = Flag(row, "retired", errors),
        };
        if (!citations.TryGetValue(normalized.Key, out var citation))
        {
            citation = new CsvCitation(settings, normalized.Key, row.Line);
            citations[normalized.Key] = citation;
        }
        else
        {
            Agree(row, "labels", string.Join(',', settings.Labels), string.Join(',', citation.Settings.Labels), citation.Line, errors);
            Agree(row, "checkInterval", WatchlistFiles.Interval(settings.CheckInterval), WatchlistFiles.Interval(citation.Settings.CheckInterval), citation.Line, errors);
            Agree(row, "paused", Flag(settings.Paused), Flag(citation.Settings.Paused), citation.Line, errors);
            Agree(row, "retired", Flag(settings.Retired), Flag(citation.Settings.Retired), citation.Line, errors);
        }

        var citedUrl = WatchlistValues.OptionalUrl(row["citedUrl"], row.Where("citedUrl"), errors, out var cited);
        if (cited is not null && cited.Key != normalized.Key)
        {
            errors.Add(row.Where("citedUrl"), $"'{CitationLabels.Shown(citedUrl!)}' is not this row's url as a document cites it (it normalizes to another source).");
        }

        var place = new WatchlistPlace(Document(row, documents, errors))
        {
            Quote = WatchlistValues.Text(row["quote"], UpdateCitationRequest.MaxQuoteLength, row.Where("quote"), errors),
            AccessedAt = WatchlistValues.Time(row["accessedAt"], row.Where("accessedAt"), errors),
            Context = WatchlistValues.Text(row["context"], AddCitationRequest.MaxContextLength, row.Where("context"), errors),
            CitedUrl = citedUrl,
            Footnote = WatchlistValues.Text(row["footnote"], WatchlistValues.MaxFootnoteLength, row.Where("footnote"), errors),
            Occurrences = int.TryParse(row["occurrences"], NumberStyles.None, CultureInfo.InvariantCulture, out var occurrences) ? occurrences : 0,
        };
        citation.Places.Add(place);
        citation.PlaceWheres.Add($"line {row.Line}");
    }

    /// <summary>
    /// The document a row names (by <c>documentId</c>, else by title and source URL), recorded at its first row; null for
    /// a row of a source watched on its own (no document columns).
    /// </summary>
    private static long? Document(Row row, Dictionary<string, (WatchlistDocument Document, int Line)> documents, WatchlistErrors errors)
    {
        var id = row["documentId"];
        var title = row["documentTitle"]?.Trim();
        if (id is null && title is null)
        {
            return null;
        }

        long documentRef;
        string key;
        if (id is not null)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out documentRef) || documentRef < 1)
            {
                errors.Add(row.Where("documentId"), $"'{CitationLabels.Shown(id)}' is not a document id: a positive whole number naming the document in the file, or empty.");
                return null;
            }

            key = $"id {documentRef}";
        }
        else
        {
            key = $"title {title}\n{row["documentSourceUrl"]?.Trim()}";
            // Named by title alone: an id of the file's own, below any the exporter writes.
            documentRef = documents.TryGetValue(key, out var named) ? named.Document.Ref : -1 - documents.Count;
        }

        var document = new WatchlistDocument(
            documentRef,
            WatchlistValues.Title(title, row.Where("documentTitle"), errors) ?? "",
            WatchlistValues.OptionalUrl(row["documentSourceUrl"], row.Where("documentSourceUrl"), errors, out _),
            WatchlistValues.Time(row["documentPublishedAt"], row.Where("documentPublishedAt"), errors))
        {
            Kind = WatchlistValues.Kind(row["documentKind"], row.Where("documentKind"), errors),
            Retired = Flag(row, "documentRetired", errors),
        };
        if (!documents.TryGetValue(key, out var first))
        {
            documents[key] = (document, row.Line);
            return documentRef;
        }

        Agree(row, "documentTitle", document.Title, first.Document.Title, first.Line, errors);
        Agree(row, "documentSourceUrl", document.SourceUrl, first.Document.SourceUrl, first.Line, errors);
        Agree(row, "documentPublishedAt", WatchlistFiles.Time(document.PublishedAt), WatchlistFiles.Time(first.Document.PublishedAt), first.Line, errors);
        Agree(row, "documentKind", document.Kind.ToWireName(), first.Document.Kind.ToWireName(), first.Line, errors);
        Agree(row, "documentRetired", Flag(document.Retired), Flag(first.Document.Retired), first.Line, errors);
        return documentRef;
    }

    /// <summary>A value repeated on the rows of one source (or document) must be the same on each.</summary>
    private static void Agree(Row row, string column, string? value, string? first, int firstLine, WatchlistErrors errors)
    {
        if (!string.Equals(value ?? "", first ?? "", StringComparison.Ordinal))
        {
            errors.Add(row.Where(column), $"'{CitationLabels.Shown(value ?? "")}' differs from '{CitationLabels.Shown(first ?? "")}' on line {firstLine}, a row of the same {(column.StartsWith("document", StringComparison.Ordinal) ? "document" : "source")}: its rows must agree.");
        }
    }

    private static bool Flag(Row row, string column, WatchlistErrors errors)
    {
        var value = row[column]?.Trim();
        if (value is null || value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (value.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        errors.Add(row.Where(column), $"'{CitationLabels.Shown(value)}' must be true or false (or empty, for false).");
        return false;
    }

    /// <summary>
    /// The records of RFC 4180 text (CRLF or LF line ends; a quoted cell may hold commas, quotes doubled and line breaks),
    /// each with the line it starts on; blank lines are skipped. Null, with the problem, when a quoted cell is not closed.
    /// </summary>
    private static List<(int Line, string[] Cells)>? Records(string text, WatchlistErrors errors)
    {
        var records = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var wasQuoted = false;

        void EndCell()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            wasQuoted = false;
        }

        void EndRecord()
        {
            EndCell();
            if (cells.Count > 1 || cells[0].Length > 0)
            {
                records.Add((recordLine, [.. cells]));
            }

            cells.Clear();
            recordLine = line;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    EndCell();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    line++;
                    EndRecord();
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            errors.Add($"line {recordLine}", "A quoted cell is not closed: a \" is missing.");
            return null;
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            EndRecord();
        }

        return records;
    }
}
