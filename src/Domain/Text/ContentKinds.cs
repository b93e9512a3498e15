namespace CitationMonitor.Domain.Text;

/// <summary>The values of <see cref="ExtractedContent.Kind"/>.</summary>
public static class ContentKinds
{
    /// <summary>An HTML or XHTML page.</summary>
    public const string Html = "html";

    /// <summary>A PDF document.</summary>
    public const string Pdf = "pdf";

    /// <summary>Plain text, JSON, XML or any other <c>text/*</c> body.</summary>
    public const string Text = "text";

    /// <summary>Anything else: images, archives, unknown bytes. No text is extracted.</summary>
    public const string Binary = "binary";
}
