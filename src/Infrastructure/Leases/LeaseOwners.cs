using System.Diagnostics;
using System.Globalization;

namespace CitationMonitor.Infrastructure.Leases;

/// <summary>
/// Who holds a lease (a citation's, a job's): machine, process id and when the process started, plus a unique part per
/// claim. A process of this machine that has ended (a kill, a crash, a power cut) can be told from a live one, so its
/// leases are given back at once instead of when they expire.
/// </summary>
internal static class LeaseOwners
{
    /// <summary>Machine, process id and when the process started: a process id reused by a later process is not the owner.</summary>
    private static readonly string ProcessId = FormattableString.Invariant(
        $"{Environment.MachineName}:{Environment.ProcessId}:{StartMark(Environment.ProcessId) ?? 0}");

    /// <summary>A new owner name: this process plus a unique part, one per claim.</summary>
    public static string New() => $"{ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// True when <paramref name="owner"/> names a process of this machine that has ended: its leases can be given back
    /// at once. Owners of other machines, or in a form not understood, are never judged dead; their leases expire.
    /// </summary>
    public static bool IsDeadLocal(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 4
            || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        return !IsRunning(pid, started);
    }

    /// <summary>
    /// A mark of when a process started, the same whichever process reads it: on Linux the kernel's start time in clock
    /// ticks after boot (a wall-clock start time derived from it drifts between readers), elsewhere the start time in
    /// whole seconds. Null when no such process runs; -1 when it runs but cannot be read (assumed to be the owner).
    /// </summary>
    public static long? StartMark(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return -1;
            }

            // After the command name in brackets: state (field 3), ..., starttime (field 22).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null;
            }

            return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : -1;
        }

        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }

        using (process)
        {
            try
            {
                return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                return -1;
            }
        }
    }

    /// <summary>Whether the process with this id runs and is the one that started then (assumed so when that cannot be read).</summary>
    private static bool IsRunning(int pid, long startMark) => StartMark(pid) is { } mark && (mark == -1 || mark == startMark);
}
