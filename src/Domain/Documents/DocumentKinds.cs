using System.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>Tells what a document's bytes are from the bytes (magic numbers and the first characters), never from a file name.</summary>
public static class DocumentKinds
{
    /// <summary>The kind of <paramref name="bytes"/>; null when the monitor does not read that kind.</summary>
    public static DocumentKind? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return DocumentKind.Pdf;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            // A Word file is a ZIP holding word/document.xml; any other archive is of a kind the monitor does not read.
            return ZipEntries.Contains(bytes, "word/document.xml"u8) ? DocumentKind.Docx : null;
        }

        return IsText(bytes) ? DocumentKind.Text : null;
    }

    /// <summary>Whether the bytes are text: valid UTF-8 without control characters other than whitespace.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        try
        {
            var text = new UTF8Encoding(false, true).GetString(sample.Length == bytes.Length ? sample : TrimPartialCharacter(sample));
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A sample cut inside a multi-byte character, without that character's first bytes.</summary>
    private static ReadOnlySpan<byte> TrimPartialCharacter(ReadOnlySpan<byte> sample)
    {
        var end = sample.Length;
        for (var back = 1; back <= 3 && end - back >= 0; back++)
        {
            if ((sample[end - back] & 0xC0) != 0x80)
            {
                return (sample[end - back] & 0x80) == 0 ? sample : sample[..(end - back)];
            }
        }

        return sample;
    }
}
