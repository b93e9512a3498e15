namespace CitationMonitor.TestSupport.Hosts;

/// <summary>
/// The settings every test host starts from, in one place: its own database in a temp folder, loopback allowed, short
/// timeouts and retries, no pacing, quick noise confirmation, nothing sent to the web archive. A test's own settings
/// are laid over them.
/// </summary>
public static class TestSettings
{
    /// <summary>For the shared services (<c>AddMonitorCore</c>) over the database at <paramref name="databasePath"/>.</summary>
    public static Dictionary<string, string?> ForServices(string databasePath, IDictionary<string, string?>? overrides = null) =>
        Over(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = databasePath,
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
            ["Monitor:Fetch:Timeout"] = "00:00:05",
            ["Monitor:Fetch:RetryAttempts"] = "1",
            ["Monitor:Fetch:RetryBaseDelay"] = "00:00:00.010",
            // Every test server is on loopback: one host to the pacer. Tests of pacing set their own delay.
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00",
            ["Monitor:Noise:ConfirmAfter"] = "00:00:00.050",
            // Nothing may leave the machine: tests of the web archive point it at a loopback stand-in.
            ["Monitor:Archive:Enabled"] = "false",
        }, overrides);

    /// <summary>
    /// For the API host: the services' settings, and the host neither seeds citations nor runs the scheduler (tests decide
    /// when checks run), and logs warnings only.
    /// </summary>
    public static Dictionary<string, string?> ForApi(string databasePath, IDictionary<string, string?>? overrides = null) =>
        Over(new Dictionary<string, string?>(ForServices(databasePath))
        {
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:Enabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        }, overrides);

    private static Dictionary<string, string?> Over(Dictionary<string, string?> defaults, IDictionary<string, string?>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        return defaults;
    }
}
