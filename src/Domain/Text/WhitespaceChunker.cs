using DiffPlex;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// Splits on whitespace only. DiffPlex's own WordChunker also splits at punctuation, which would make
/// "rights." and "rights," differ by a separate token instead of reading as one changed word.
/// </summary>
internal sealed class WhitespaceChunker : IChunker
{
    public static readonly WhitespaceChunker Instance = new();

    public IReadOnlyList<string> Chunk(string text) => TextComparer.Words(text);
}
