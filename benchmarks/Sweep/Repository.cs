namespace CitationMonitor.Sweep;

/// <summary>Where this program's checkout is: the folder of <c>Monitor.sln</c> above the built program.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new DirectoryNotFoundException($"no Monitor.sln above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The peers mode's npm project (linkinator, pinned).</summary>
    public static string PeersFolder => Path.Combine(Root, "benchmarks", "Sweep", "peers");
}
