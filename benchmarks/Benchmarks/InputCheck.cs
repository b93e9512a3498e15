using System.Globalization;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Benchmarks;

/// <summary>Fails the set-up when an input would measure the wrong thing (no text, or no change to find).</summary>
internal static class InputCheck
{
    public static void Diff(string name, byte[] body, string text, TextComparison comparison)
    {
        if (text.Length == 0 || !comparison.Changed || comparison.InsertedWords > 10)
        {
            throw new InvalidOperationException($"The {name} input is not what the benchmark expects.");
        }

        // Printed once per benchmark process, so the report shows what was measured.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {name}: {body.Length:N0} bytes, {text.Length:N0} chars of text, {text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length:N0} words, +{comparison.InsertedWords}/-{comparison.DeletedWords} words changed"));
    }
}
