using CitationMonitor.Infrastructure.Options;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Tests.Fixity;

public sealed class FixityOptionsTests
{
    [OnBothDatabasesTheory]
    [InlineData("Monitor:Fixity:Interval", "00:00:00")]
    [InlineData("Monitor:Fixity:BatchSize", "0")]
    [InlineData("Monitor:Fixity:BatchPause", "00:05:00")]
    public async Task OutOfRangeValue_IsRefusedAtStart_NamingItsKey(string key, string value)
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { [key] = value }, migrate: false);

        var error = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<FixityOptions>>().Value);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task Defaults_AreWeeklyInSmallPausedBatches()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);

        var options = services.Get<IOptions<FixityOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(7), options.Interval);
        Assert.Equal(20, options.BatchSize);
        Assert.True(options.BatchPause > TimeSpan.Zero);
    }
}
