using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CitationMonitor.Api.Citations;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Infrastructure.Export;

namespace CitationMonitor.Api.Export;

/// <summary>
/// The watch list as JSON (<c>format: citation-monitor-watchlist</c>, <c>version: 1</c>): the documents, each with the id
/// the places name it by, then the citations, each with its settings and places. Written as it is read from the
/// database, a page at a time; read back whole (a file to import is at most <c>Monitor:Limits:MaxUploadBytes</c>).
/// </summary>
internal static class WatchlistJson
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Bytes buffered before they are sent on.</summary>
    private const int FlushBytes = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // Letters of every script as they are (a title in Spanish stays readable); what HTML or JavaScript would read
        // specially stays escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly string[] RootFields = ["format", "version", "exportedAt", "documents", "citations"];
    private static readonly string[] DocumentFields = ["id", "title", "sourceUrl", "publishedAt", "kind", "retired"];
    private static readonly string[] CitationFields = ["url", "normalizedUrl", "labels", "checkInterval", "paused", "retired", "places"];
    private static readonly string[] PlaceFields = ["document", "quote", "accessedAt", "context", "citedUrl", "occurrences", "footnote"];

    public static async Task WriteAsync(Stream stream, WatchlistStore store, WatchlistCut cut, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream, WriterOptions);
        json.WriteStartObject();
        json.WriteString("format", WatchlistFiles.FormatName);
        json.WriteNumber("version", WatchlistFiles.Version);
        json.WriteString("exportedAt", WatchlistFiles.Time(cut.At));

        json.WriteStartArray("documents");
        await foreach (var document in store.DocumentsAsync(cut, cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("id", document.Ref);
            json.WriteString("title", document.Title);
            json.WriteString("sourceUrl", document.SourceUrl);
            json.WriteString("publishedAt", WatchlistFiles.Time(document.PublishedAt));
            json.WriteString("kind", document.Kind.ToWireName());
            json.WriteBoolean("retired", document.Retired);
            json.WriteEndObject();
            await FlushWhenFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();

        json.WriteStartArray("citations");
        await foreach (var citation in store.CitationsAsync(cut, cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("url", citation.Url);
            json.WriteString("normalizedUrl", citation.NormalizedUrl);
            json.WriteStartArray("labels");
            foreach (var label in citation.Labels)
            {
                json.WriteStringValue(label);
            }

            json.WriteEndArray();
            json.WriteString("checkInterval", WatchlistFiles.Interval(citation.CheckInterval));
            json.WriteBoolean("paused", citation.Paused);
            json.WriteBoolean("retired", citation.Retired);
            json.WriteStartArray("places");
            foreach (var place in citation.Places)
            {
                json.WriteStartObject();
                if (place.DocumentRef is { } document)
                {
                    json.WriteNumber("document", document);
                }
                else
                {
                    json.WriteNull("document");
                }

                json.WriteString("quote", place.Quote);
                json.WriteString("accessedAt", WatchlistFiles.Time(place.AccessedAt));
                json.WriteString("context", place.Context);
                json.WriteString("citedUrl", place.CitedUrl);
                json.WriteNumber("occurrences", place.Occurrences);
                json.WriteString("footnote", place.Footnote);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await FlushWhenFullAsync(json, cancellationToken);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static async Task FlushWhenFullAsync(Utf8JsonWriter json, CancellationToken cancellationToken)
    {
        if (json.BytesPending >= FlushBytes)
        {
            await json.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The watch list in <paramref name="bytes"/>, or null with its problems in <paramref name="errors"/>, each at its JSON
    /// path (<c>citations[3].checkInterval</c>). Fields this monitor does not know are left out and named in
    /// <paramref name="ignored"/> (<c>citations[].health</c>), so that a file of a later monitor still imports.
    /// </summary>
    public static Watchlist? Read(ReadOnlyMemory<byte> bytes, WatchlistErrors errors, ISet<string> ignored)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            errors.Add("file", $"The file is not valid JSON (line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}).");
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("file", $"A watch list is a JSON object with \"format\": \"{WatchlistFiles.FormatName}\", \"version\", \"documents\" and \"citations\".");
                return null;
            }

            Ignore(root, RootFields, "", ignored);
            if (!CheckHeader(root, errors))
            {
                return null;
            }

            var builder = new WatchlistBuilder(errors);
            var i = 0;
            foreach (var item in Array(root, "documents", "documents", errors))
            {
                var where = $"documents[{i++}]";
                if (ReadDocument(item, where, errors, ignored) is { } read)
                {
                    builder.AddDocument(read, where);
                }
            }

            i = 0;
            foreach (var item in Array(root, "citations", "citations", errors))
            {
                var where = $"citations[{i++}]";
                if (ReadCitation(item, where, errors, ignored) is ({ } citation, { } key, { } placeWheres))
                {
                    builder.AddCitation(citation, key, where, placeWheres);
                }
            }

            return builder.Build();
        }
    }

    private static bool CheckHeader(JsonElement root, WatchlistErrors errors)
    {
        if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != WatchlistFiles.FormatName)
        {
            errors.Add("format", $"must be \"{WatchlistFiles.FormatName}\": this file is not a watch list exported by a citation monitor.");
            return false;
        }

        if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var number) || number < 1)
        {
            errors.Add("version", $"must be the version of the format, {WatchlistFiles.Version}.");
            return false;
        }

        if (number > WatchlistFiles.Version)
        {
            errors.Add("version", $"The file is of version {number} of the format; this monitor reads version {WatchlistFiles.Version}. Import it into a monitor as recent as the one that wrote it.");
            return false;
        }

        return true;
    }

    private static WatchlistDocument? ReadDocument(JsonElement item, string where, WatchlistErrors errors, ISet<string> ignored)
    {
        if (!IsObject(item, where, "a document: { \"id\", \"title\", \"sourceUrl\", \"publishedAt\" }", errors))
        {
            return null;
        }

        Ignore(item, DocumentFields, "documents[].", ignored);
        long? id = null;
        if (!item.TryGetProperty("id", out var given) || !given.TryGetInt64(out var number) || number < 1)
        {
            errors.Add($"{where}.id", "is required: a positive whole number, the id by which the places of the file name the document.");
        }
        else
        {
            id = number;
        }

        var title = WatchlistValues.Title(String(item, "title", where, errors), $"{where}.title", errors);
        var sourceUrl = WatchlistValues.OptionalUrl(String(item, "sourceUrl", where, errors), $"{where}.sourceUrl", errors, out _);
        var publishedAt = WatchlistValues.Time(String(item, "publishedAt", where, errors), $"{where}.publishedAt", errors);
        var kind = WatchlistValues.Kind(String(item, "kind", where, errors), $"{where}.kind", errors);
        var retired = Bool(item, "retired", where, errors);
        return id is { } documentRef && title is not null
            ? new WatchlistDocument(documentRef, title, sourceUrl, publishedAt) { Kind = kind, Retired = retired }
            : null;
    }

    private static (WatchlistCitation Citation, string Key, List<string> PlaceWheres)? ReadCitation(
        JsonElement item, string where, WatchlistErrors errors, ISet<string> ignored)
    {
        if (!IsObject(item, where, "a citation: { \"url\", \"labels\", \"checkInterval\", \"paused\", \"retired\", \"places\" }", errors))
        {
            return null;
        }

        Ignore(item, CitationFields, "citations[].", ignored);
        var url = WatchlistValues.Url(String(item, "url", where, errors), $"{where}.url", errors, out var normalized);
        var labels = WatchlistValues.Labels(Strings(item, "labels", where, errors), $"{where}.labels", errors);
        var interval = WatchlistValues.Interval(String(item, "checkInterval", where, errors), $"{where}.checkInterval", errors);
        var paused = Bool(item, "paused", where, errors);
        var retired = Bool(item, "retired", where, errors);

        var places = new List<WatchlistPlace>();
        var placeWheres = new List<string>();
        var i = 0;
        foreach (var placeItem in Array(item, "places", $"{where}.places", errors, required: false))
        {
            var placeWhere = $"{where}.places[{i++}]";
            if (ReadPlace(placeItem, placeWhere, normalized?.Key, errors, ignored) is { } place)
            {
                places.Add(place);
                placeWheres.Add(placeWhere);
            }
        }

        return url is null || normalized is null
            ? null
            : (new WatchlistCitation(url, normalized.Url, places) { Labels = labels, CheckInterval = interval, Paused = paused, Retired = retired },
               normalized.Key, placeWheres);
    }

    private static WatchlistPlace? ReadPlace(JsonElement item, string where, string? citationKey, WatchlistErrors errors, ISet<string> ignored)
    {
        if (!IsObject(item, where, "a place: { \"document\", \"quote\", \"accessedAt\", \"context\" }", errors))
        {
            return null;
        }

        Ignore(item, PlaceFields, "citations[].places[].", ignored);
        long? documentRef = null;
        if (item.TryGetProperty("document", out var document) && document.ValueKind != JsonValueKind.Null)
        {
            if (document.TryGetInt64(out var number) && number >= 1)
            {
                documentRef = number;
            }
            else
            {
                errors.Add($"{where}.document", "must be the id of a document of the file, or null for the source watched on its own.");
                return null;
            }
        }

        var citedUrl = WatchlistValues.OptionalUrl(String(item, "citedUrl", where, errors), $"{where}.citedUrl", errors, out var cited);
        if (cited is not null && citationKey is not null && cited.Key != citationKey)
        {
            errors.Add($"{where}.citedUrl", $"'{CitationLabels.Shown(citedUrl!)}' is not the citation's URL as a document cites it (it normalizes to another source).");
        }

        return new WatchlistPlace(documentRef)
        {
            Quote = WatchlistValues.Text(String(item, "quote", where, errors), UpdateCitationRequest.MaxQuoteLength, $"{where}.quote", errors),
            AccessedAt = WatchlistValues.Time(String(item, "accessedAt", where, errors), $"{where}.accessedAt", errors),
            Context = WatchlistValues.Text(String(item, "context", where, errors), AddCitationRequest.MaxContextLength, $"{where}.context", errors),
            CitedUrl = citedUrl,
            Footnote = WatchlistValues.Text(String(item, "footnote", where, errors), WatchlistValues.MaxFootnoteLength, $"{where}.footnote", errors),
            Occurrences = item.TryGetProperty("occurrences", out var occurrences) && occurrences.TryGetInt32(out var count) ? count : 0,
        };
    }

    private static bool IsObject(JsonElement item, string where, string what, WatchlistErrors errors)
    {
        if (item.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        errors.Add(where, $"must be {what}.");
        return false;
    }

    private static IEnumerable<JsonElement> Array(JsonElement item, string name, string where, WatchlistErrors errors, bool required = true)
    {
        if (!item.TryGetProperty(name, out var array) || array.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(where, "is required: a list (a JSON array), empty when there is nothing.");
            }

            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(where, "must be a list (a JSON array).");
            return [];
        }

        return array.EnumerateArray();
    }

    /// <summary>A text field; null when absent or null, and when not text (with the problem).</summary>
    private static string? String(JsonElement item, string name, string where, WatchlistErrors errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add($"{where}.{name}", "must be text (a JSON string), or null.");
        return null;
    }

    private static IEnumerable<string?> Strings(JsonElement item, string name, string where, WatchlistErrors errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{where}.{name}", "must be a list of labels, e.g. [\"urgent\", \"ministry\"].");
            return [];
        }

        return value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()).ToList();
    }

    /// <summary>A flag; false when absent or null.</summary>
    private static bool Bool(JsonElement item, string name, string where, WatchlistErrors errors)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"{where}.{name}", "must be true or false.");
        return false;
    }

    private static void Ignore(JsonElement item, string[] known, string prefix, ISet<string> ignored)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal) && ignored.Count < WatchlistFiles.MaxErrorsListed)
            {
                ignored.Add(prefix + property.Name);
            }
        }
    }
}
