using System.Diagnostics;
using System.Globalization;

namespace CitationMonitor.Measurements.Tests;

/// <summary>What a child process has used of the machine's memory.</summary>
internal static class ProcessMemory
{
    /// <summary>The process's high-water mark of resident memory (Linux <c>VmHWM</c>), else what .NET reports.</summary>
    public static long PeakWorkingSet(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        using var process = Process.GetProcessById(processId);
        return process.PeakWorkingSet64;
    }
}
