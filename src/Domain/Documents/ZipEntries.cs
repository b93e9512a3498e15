using System.Buffers.Binary;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Tells whether a ZIP archive holds an entry of a given name from the headers that name it (each entry's local header
/// before its data, and the central directory at the end), so that an archive cut short still tells what it is.
/// </summary>
internal static class ZipEntries
{
    private const int LocalHeaderLength = 30;
    private const int CentralHeaderLength = 46;

    public static bool Contains(ReadOnlySpan<byte> zip, ReadOnlySpan<byte> name)
    {
        var from = 0;
        while (from < zip.Length && zip[from..].IndexOf(name) is var found and >= 0)
        {
            var at = from + found;
            if (Names(zip, at - LocalHeaderLength, "PK\u0003\u0004"u8, 26, name.Length)
                || Names(zip, at - CentralHeaderLength, "PK\u0001\u0002"u8, 28, name.Length))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>Whether a header with <paramref name="signature"/> starts at <paramref name="header"/> and gives a name of <paramref name="length"/> bytes.</summary>
    private static bool Names(ReadOnlySpan<byte> zip, int header, ReadOnlySpan<byte> signature, int lengthField, int length) =>
        header >= 0
        && zip[header..].StartsWith(signature)
        && BinaryPrimitives.ReadUInt16LittleEndian(zip[(header + lengthField)..]) == length;
}
