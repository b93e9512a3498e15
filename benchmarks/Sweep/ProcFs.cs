using System.Globalization;

namespace CitationMonitor.Sweep;

/// <summary>
/// What Linux tells of other processes in <c>/proc</c>: processor time, children, peak resident set. Used for the
/// processes this program did not write (nginx, the link checkers), whose figures .NET cannot ask them for.
/// </summary>
internal static class ProcFs
{
    /// <summary>The unit of the times in <c>/proc/PID/stat</c>, USER_HZ, which Linux fixes at 100 for user space.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system time of <paramref name="pid"/> and of its children that ended and were waited for.</summary>
    public static TimeSpan Cpu(int pid, bool withEndedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return TimeSpan.Zero;
        }

        // Fields 14 to 17 of stat(5): utime, stime, cutime, cstime; index 0 here is field 3.
        var ticks = Long(fields[11]) + Long(fields[12]) + (withEndedChildren ? Long(fields[13]) + Long(fields[14]) : 0);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// The processor time of this program's children that have ended: a tool run as a child adds all of its own (its
    /// threads and its waited-for children too) the moment it is waited for, so the difference around a run is the tool's.
    /// </summary>
    public static TimeSpan EndedChildrenCpu()
    {
        var fields = StatFields(Environment.ProcessId);
        return fields is null ? TimeSpan.Zero : TimeSpan.FromSeconds((Long(fields[13]) + Long(fields[14])) / TicksPerSecond);
    }

    /// <summary>
    /// The processor time of every process named <paramref name="name"/> (its <c>comm</c>) on this machine, with the ended
    /// children of the topmost ones: a PostgreSQL server's, whose backends come and go with their connections and add
    /// their time to the postmaster's when they end. Zero when there is none here.
    /// </summary>
    public static TimeSpan CpuOfAll(string name)
    {
        var named = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Comm(pid) == name && StatFields(pid) is { } fields)
            {
                named[pid] = (int)Long(fields[1]);
            }
        }

        return named.Aggregate(TimeSpan.Zero, (total, process) => total + Cpu(process.Key, withEndedChildren: !named.ContainsKey(process.Value)));
    }

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary><paramref name="root"/> and every process below it, as they are now.</summary>
    public static IReadOnlyList<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && StatFields(pid) is { } fields)
            {
                var parent = (int)Long(fields[1]);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(children.GetValueOrDefault(tree[i]) ?? []);
        }

        return tree;
    }

    /// <summary>The peak resident set of <paramref name="pid"/> so far (<c>VmHWM</c>), in bytes; 0 once it has ended.</summary>
    public static long PeakResident(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return Long(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Ended between listing and reading.
        }

        return 0;
    }

    private static string[]? StatFields(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name, in parentheses, may hold spaces: the fields that follow start after the last ')'.
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    }

    private static long Long(string value) => long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
}
