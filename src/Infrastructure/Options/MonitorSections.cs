using CitationMonitor.Infrastructure.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Options;

public static class MonitorSections
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to the configuration section at <paramref name="path"/>, validated by its
    /// DataAnnotations (and any validator added to the returned builder) when the host starts. The section is also
    /// known to the configuration check (<see cref="ConfigurationCheck"/>), which reports each of its bad keys on one
    /// line before anything starts. <paramref name="bind"/> replaces the plain binding of the section onto the options
    /// (a list section bound into a property, say).
    /// </summary>
    public static OptionsBuilder<TOptions> AddMonitorSection<TOptions>(
        this IServiceCollection services, string path, Action<IConfiguration, TOptions>? bind = null)
        where TOptions : class, new()
    {
        services.AddSingleton(CheckedSection.Of(path, bind));
        var options = services.AddOptions<TOptions>();
        options = bind is null
            ? options.BindConfiguration(path)
            : options.Configure<IConfiguration>((value, configuration) => bind(configuration.GetSection(path), value));
        return options.ValidateDataAnnotations().ValidateOnStart();
    }
}
