using System.Runtime.InteropServices;

namespace CitationMonitor.Infrastructure.Hosting;

/// <summary>
/// Keeps the C library's heap from holding on to memory a check freed, on Linux with glibc, before the host starts.
/// </summary>
/// <remarks>
/// The native side of a check (Brotli's encoder and decoder windows of several MB, SQLite's pages) is freed when the
/// check ends, but glibc keeps such blocks in one arena per thread that allocated them, and raises the size above which
/// it maps a block of its own (returned to the system when freed) to the largest block freed so far. Over a sweep, the
/// arenas then grow to tens of MB that the process holds while using little; even two arenas held about 28 MB at the
/// peak of a 10,000-citation sweep, one about half that, for no measurable CPU (the managed code allocates
/// nothing natively on its hot path). The same as setting <c>MALLOC_ARENA_MAX=1</c>,
/// <c>MALLOC_MMAP_THRESHOLD_=131072</c> and <c>MALLOC_TRIM_THRESHOLD_=131072</c> in the
/// environment (which still wins when set), without asking every operator to: measured in BENCHMARKS.md.
/// </remarks>
public static class NativeHeap
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;
    private const int ArenaMax = -8;

    /// <summary>Applies the settings once; elsewhere than glibc on Linux, or where one is already set in the environment, nothing.</summary>
    public static void Tune()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            Set(ArenaMax, "MALLOC_ARENA_MAX", 1);
            Set(MmapThreshold, "MALLOC_MMAP_THRESHOLD_", 128 * 1024);
            Set(TrimThreshold, "MALLOC_TRIM_THRESHOLD_", 128 * 1024);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library (musl has no such knobs): its own behaviour stands.
        }
    }

    private static void Set(int parameter, string variable, int value)
    {
        if (Environment.GetEnvironmentVariable(variable) is null)
        {
            _ = MallOpt(parameter, value);
        }
    }

    // Two ints in, one out: nothing to marshal, so the plain import (LibraryImport's generator would ask for unsafe code).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
