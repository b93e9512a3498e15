using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Documents;

/// <summary>What a document was read from: the kind its bytes are (never its file name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DocumentKind>))]
public enum DocumentKind
{
    /// <summary>A PDF: the text of every page and its link annotations.</summary>
    [JsonStringEnumMemberName("pdf")] Pdf,
    /// <summary>A Word file (Office Open XML): its text, footnotes and endnotes, and its hyperlinks.</summary>
    [JsonStringEnumMemberName("docx")] Docx,
    /// <summary>A web page: the links and the text of its main content.</summary>
    [JsonStringEnumMemberName("html")] Html,
    /// <summary>A BibTeX file, as reference managers export it: one citation per entry with a URL or DOI.</summary>
    [JsonStringEnumMemberName("bibtex")] Bibtex,
    /// <summary>CSL-JSON, as Zotero exports it: one citation per item with a URL or DOI.</summary>
    [JsonStringEnumMemberName("csl-json")] CslJson,
    /// <summary>Plain text or Markdown.</summary>
    [JsonStringEnumMemberName("text")] Text,
}

/// <summary>Wire names of <see cref="DocumentKind"/>.</summary>
public static class DocumentKindNames
{
    public static IReadOnlyList<string> All => WireNames<DocumentKind>.All;

    public static string ToWireName(this DocumentKind value) => WireNames<DocumentKind>.Of(value);

    public static bool TryParse(string? name, out DocumentKind value) => WireNames<DocumentKind>.TryParse(name, out value);
}
