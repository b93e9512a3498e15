using Microsoft.Data.Sqlite;

namespace CitationMonitor.TestSupport;

/// <summary>A fresh folder under the temp directory for one test's database; removed again on dispose.</summary>
public sealed class TestFolder : IDisposable
{
    public TestFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "citation-monitor-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => System.IO.Path.Combine(Path, "monitor.db");

    public void Dispose()
    {
        // Pooled connections keep the file open; let them go first.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a process being torn down; it is only a temp folder.
        }
    }
}
