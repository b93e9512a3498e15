using CitationMonitor.Api.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// The API reads its settings files at start and watches none of them: a watch puts a file watcher on the whole working
/// directory, which holds the default database, and every write of a check would wake it.
/// </summary>
public sealed class SettingsWatchTests : ApiTest
{
    [Fact]
    public void TheApi_WatchesNoSettingsFile()
    {
        var configuration = (IConfigurationRoot)Factory.Services.GetRequiredService<IConfiguration>();

        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched for changes"));
    }
}
