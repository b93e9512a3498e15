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
    /// <summary>
    /// Where process ids mean one thing: the machine's name and, on Linux, the boot and the process id namespace. Two
    /// containers may share a host name (set alike, or from one image) while their process ids belong to different
    /// namespaces: a process id is only judged where it was taken, so a live worker of another container is never taken
    /// for a dead one of this.
    /// </summary>
    internal static readonly string Machine = MachineOf();

    /// <summary>Machine, process id and when the process started: a process id reused by a later process is not the owner.</summary>
    private static readonly string ProcessId = FormattableString.Invariant(
        $"{Machine}:{Environment.ProcessId}:{StartMark(Environment.ProcessId) ?? 0}");

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
            || !string.Equals(parts[0], Machine, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        return !IsRunning(pid, started);
    }

    private static string MachineOf()
    {
        var name = Environment.MachineName.Replace(':', '_');
        if (!OperatingSystem.IsLinux())
        {
            return name;
        }

        try
        {
            // "pid:[4026531836]": the namespace's inode; the boot's id changes at every start of the kernel.
            var pidNamespace = new FileInfo("/proc/self/ns/pid").LinkTarget ?? "";
            var inode = new string([.. pidNamespace.Where(char.IsAsciiDigit)]);
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            return $"{name}/{inode}/{boot[..Math.Min(8, boot.Length)]}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unknown where the ids belong: a name no other process shares, so none is ever judged dead from here.
            return $"{name}/{Guid.NewGuid():N}";
        }
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
