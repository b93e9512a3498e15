using System.Globalization;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Documents;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Export;

namespace CitationMonitor.Api.Export;

/// <summary>
/// The values of a watch list file, checked as the API checks the same fields when they are posted or patched: URLs,
/// titles, dates, labels, intervals, passages. Each problem is added at <c>where</c>, the value's place in the file.
/// </summary>
internal static class WatchlistValues
{
    public const int MaxFootnoteLength = 100;

    /// <summary>A URL to watch (or a document's address): the URL as given, or null with the problem.</summary>
    public static string? Url(string? text, string where, WatchlistErrors errors, out NormalizedUrl? normalized)
    {
        normalized = null;
        var url = text?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            errors.Add(where, "is required: the http(s) URL of the source.");
            return null;
        }

        if (url.Length > AddCitationRequest.MaxUrlLength)
        {
            errors.Add(where, $"must be at most {AddCitationRequest.MaxUrlLength} characters.");
            return null;
        }

        if (!UrlNormalizer.TryNormalize(url, out normalized, out var error))
        {
            errors.Add(where, $"'{CitationLabels.Shown(url)}': {error}");
            return null;
        }

        return url;
    }

    /// <summary>An optional URL (a document's own, a place's URL as cited): null when not given.</summary>
    public static string? OptionalUrl(string? text, string where, WatchlistErrors errors, out NormalizedUrl? normalized)
    {
        normalized = null;
        return string.IsNullOrWhiteSpace(text) ? null : Url(text, where, errors, out normalized);
    }

    public static string? Title(string? text, string where, WatchlistErrors errors)
    {
        var title = text?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            errors.Add(where, "is required: the document's title (documents are matched by title and sourceUrl).");
            return null;
        }

        if (title.Length > UpdateDocumentRequest.MaxTitleLength)
        {
            errors.Add(where, $"must be at most {UpdateDocumentRequest.MaxTitleLength} characters.");
            return null;
        }

        return title;
    }

    /// <summary>An optional ISO 8601 date or time; null when not given.</summary>
    public static DateTimeOffset? Time(string? text, string where, WatchlistErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length <= UpdateDocumentRequest.MaxDateLength
            && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors.Add(where, $"'{CitationLabels.Shown(text)}' is not an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.");
        return null;
    }

    /// <summary>A citation's own check interval; null (the configured one) when not given.</summary>
    public static TimeSpan? Interval(string? text, string where, WatchlistErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (CitationPatch.TryParseCheckInterval(text, out var interval))
        {
            return interval;
        }

        errors.Add(where, $"'{CitationLabels.Shown(text)}' is not {CitationPatch.CheckIntervalRule}; leave it empty for the configured interval.");
        return null;
    }

    /// <summary>Labels as a citation stores them: lower-case, distinct, sorted.</summary>
    public static List<string> Labels(IEnumerable<string?> given, string where, WatchlistErrors errors)
    {
        var labels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var value in given)
        {
            if (CitationLabels.Normalize(value) is { } label)
            {
                labels.Add(label);
            }
            else
            {
                errors.Add(where, $"'{CitationLabels.Shown(value ?? "")}' is not a label: {CitationLabels.Rule}.");
            }
        }

        if (labels.Count > CitationLabels.MaxCount)
        {
            errors.Add(where, $"A citation has at most {CitationLabels.MaxCount} labels; {labels.Count} were given.");
        }

        return [.. labels];
    }

    public static DocumentKind Kind(string? text, string where, WatchlistErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DocumentKind.Text;
        }

        if (DocumentKindNames.TryParse(text.Trim(), out var kind))
        {
            return kind;
        }

        errors.Add(where, $"'{CitationLabels.Shown(text)}' is not a kind of document: one of {string.Join(", ", DocumentKindNames.All)}.");
        return DocumentKind.Text;
    }

    /// <summary>Optional text of at most <paramref name="maxLength"/> characters; null when not given.</summary>
    public static string? Text(string? text, int maxLength, string where, WatchlistErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            errors.Add(where, $"must be at most {maxLength} characters ({text.Length} were given).");
            return null;
        }

        return text;
    }
}

/// <summary>
/// A watch list put together from a file, and what must hold of it as a whole: each document listed once (by its id in
/// the file, and by its title and source URL, which an import matches it by), each source once (by its normalized URL),
/// each place naming a document of the file, at most one place per document and source.
/// </summary>
internal sealed class WatchlistBuilder(WatchlistErrors errors)
{
    private readonly List<WatchlistDocument> _documents = [];
    private readonly Dictionary<long, string> _documentRefs = [];
    private readonly Dictionary<(string Title, string? SourceUrl), string> _documentNames = [];
    private readonly List<WatchlistCitation> _citations = [];
    private readonly Dictionary<string, string> _citationKeys = new(StringComparer.Ordinal);

    /// <summary>A document of the file, found at <paramref name="where"/>.</summary>
    public void AddDocument(WatchlistDocument document, string where)
    {
        if (!_documentRefs.TryAdd(document.Ref, where))
        {
            errors.Add(where, $"Document {document.Ref} is listed twice, here and at {_documentRefs[document.Ref]}.");
            return;
        }

        if (!_documentNames.TryAdd((document.Title, document.SourceUrl), where))
        {
            errors.Add(where, $"This document has the title and sourceUrl of the one at {_documentNames[(document.Title, document.SourceUrl)]}: "
                + "an import matches documents by both, so the two would be one. Give them different titles.");
            return;
        }

        _documents.Add(document);
    }

    /// <summary>
    /// A source of the file, found at <paramref name="where"/>, whose normalized URL has <paramref name="key"/>, and its
    /// places, each found at the same position of <paramref name="placeWheres"/>; after every document.
    /// </summary>
    public void AddCitation(WatchlistCitation citation, string key, string where, IReadOnlyList<string> placeWheres)
    {
        if (!_citationKeys.TryAdd(key, where))
        {
            errors.Add(where, $"'{CitationLabels.Shown(citation.Url)}' is the same source as the one at {_citationKeys[key]} (the monitor watches a normalized URL once).");
            return;
        }

        var cited = new Dictionary<long, string>();
        var alone = (string?)null;
        for (var i = 0; i < citation.Places.Count; i++)
        {
            var place = citation.Places[i];
            if (place.DocumentRef is not { } document)
            {
                if (alone is not null)
                {
                    errors.Add(placeWheres[i], $"The source is watched on its own twice, here and at {alone}.");
                }

                alone ??= placeWheres[i];
            }
            else if (!_documentRefs.ContainsKey(document))
            {
                errors.Add(placeWheres[i], $"Document {document} is not among the documents of the file.");
            }
            else if (!cited.TryAdd(document, placeWheres[i]))
            {
                errors.Add(placeWheres[i], $"Document {document} cites this source twice, here and at {cited[document]}: a document has one place per source.");
            }
        }

        _citations.Add(citation);
    }

    /// <summary>The watch list, or null when the file has any problem.</summary>
    public Watchlist? Build() => errors.HasErrors ? null : new Watchlist(_documents, _citations);
}
