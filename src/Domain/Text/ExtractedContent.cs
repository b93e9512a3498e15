namespace CitationMonitor.Domain.Text;

/// <summary>The readable content of one fetched body.</summary>
/// <param name="Kind">One of <see cref="ContentKinds"/>: <c>html</c>, <c>pdf</c>, <c>text</c> or <c>binary</c>.</param>
/// <param name="Title">
/// The page's <c>&lt;title&gt;</c> (falling back to <c>og:title</c>, then the first <c>&lt;h1&gt;</c>) or the PDF's
/// metadata title, whitespace-normalized; <see langword="null"/> when there is none.
/// </param>
/// <param name="Text">
/// The extracted main text: lines separated by <c>'\n'</c>, whitespace normalized, Unicode NFC, no trailing newline.
/// Empty when nothing readable was found.
/// </param>
public sealed record ExtractedContent(string Kind, string? Title, string Text)
{
    /// <summary>
    /// When the document says it was created or published: a PDF's <c>CreationDate</c>, or an HTML page's
    /// <c>article:published_time</c> (or Dublin Core / <c>datePublished</c>) meta tag. Not part of <see cref="Text"/>.
    /// </summary>
    public DateTimeOffset? Published { get; init; }

    /// <summary>
    /// When the document says it was last modified: a PDF's <c>ModDate</c>, or an HTML page's
    /// <c>article:modified_time</c> (or <c>dateModified</c>) meta tag. Not part of <see cref="Text"/>, because
    /// regenerating a file changes it without changing what it says.
    /// </summary>
    public DateTimeOffset? Modified { get; init; }
}
