using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Documents;

/// <summary>Why a piece of a document that looked like a citation is not one.</summary>
public static class SkipReasons
{
    /// <summary>An e-mail address (or a <c>mailto:</c> link).</summary>
    public const string Email = "email";

    /// <summary>A relative link, and no base to resolve it against (no <c>&lt;base&gt;</c>, no <c>sourceUrl</c>).</summary>
    public const string RelativeWithoutBase = "relative_without_base";

    /// <summary>A link of another scheme than http(s): <c>ftp:</c>, <c>tel:</c>, <c>javascript:</c>, <c>file:</c>...</summary>
    public const string Scheme = "scheme";

    /// <summary>Something that starts like a URL but is not a valid one.</summary>
    public const string Malformed = "malformed";

    /// <summary>The same URL again where it adds nothing (a link annotation over the very URL the text shows, say).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A reference-manager entry with neither a URL nor a DOI.</summary>
    public const string NoUrl = "no_url";
}

/// <summary>A piece of a document left out of its citations, and why (see <see cref="SkipReasons"/>).</summary>
/// <param name="Text">The piece as it stands in the document (a link's target, an address, an entry's key and title).</param>
/// <param name="Reason">One of <see cref="SkipReasons"/>.</param>
public sealed record SkippedText(string Text, string Reason);

/// <summary>What was read from a document's bytes.</summary>
/// <param name="Kind">What the bytes are.</param>
/// <param name="Citations">Every occurrence of a URL, in document order.</param>
/// <param name="Skipped">What looked like a citation and is not one, in document order.</param>
/// <param name="Title">The title the document gives itself (a PDF's or Word file's metadata, a page's <c>title</c>); null when none.</param>
public sealed record ReadDocument(DocumentKind Kind, IReadOnlyList<CitedUrl> Citations, IReadOnlyList<SkippedText> Skipped, string? Title)
{
    /// <summary>
    /// The text the citations were found in (a PDF's pages, a Word file's body and notes, a page's main content, the
    /// decoded text); empty for reference exports, whose entries are not prose. Kept with the original file as evidence.
    /// </summary>
    public string Text { get; init; } = "";
}

/// <summary>
/// Bytes of a known kind that cannot be read: empty, truncated or corrupt. The message says what is wrong in a
/// person's words, without the reader library's own; it becomes a 400.
/// </summary>
public sealed class UnreadableDocumentException(string message, Exception? inner = null) : Exception(message, inner);
