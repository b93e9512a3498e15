namespace CitationMonitor.Domain.Text;

/// <summary>
/// One run of a word-level diff. <paramref name="Text"/> holds the run's words joined by single spaces (line breaks
/// are not kept); a renderer puts one space between consecutive segments. A shortened equal run contains <c>…</c>
/// where words were left out.
/// </summary>
/// <param name="Type">Whether the words are unchanged, inserted or deleted.</param>
/// <param name="Text">The words of the run.</param>
public sealed record DiffSegment(DiffType Type, string Text);
