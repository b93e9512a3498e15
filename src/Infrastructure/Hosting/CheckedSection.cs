using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Hosting;

/// <summary>
/// A configuration section bound to an options class (<see cref="Options.MonitorSections.AddMonitorSection{TOptions}"/>),
/// as the configuration check sees it: its path, the type its keys are read as, and its validation, one line per
/// failure.
/// </summary>
internal sealed class CheckedSection
{
    private readonly Func<IServiceProvider, IConfiguration, IEnumerable<string>> _validate;

    private CheckedSection(string path, Type type, Func<IServiceProvider, IConfiguration, IEnumerable<string>> validate)
    {
        Path = path;
        Type = type;
        _validate = validate;
    }

    public string Path { get; }

    public Type Type { get; }

    public static CheckedSection Of<TOptions>(string path, Action<IConfiguration, TOptions>? bind)
        where TOptions : class, new() =>
        new(path, typeof(TOptions), (services, configuration) => Validate(services, configuration, path, bind ?? BindSection));

    /// <summary>
    /// What the options' validation refuses in <paramref name="readable"/>, a configuration whose every value can be
    /// read: one line per refused value (per DataAnnotation, per failure of another validator).
    /// </summary>
    public IEnumerable<string> Validate(IServiceProvider services, IConfiguration readable) => _validate(services, readable);

    private static void BindSection<TOptions>(IConfiguration section, TOptions options) => section.Bind(options);

    private static List<string> Validate<TOptions>(
        IServiceProvider services, IConfiguration readable, string path, Action<IConfiguration, TOptions> bind)
        where TOptions : class, new()
    {
        var options = new TOptions();
        bind(readable.GetSection(path), options);
        var lines = new List<string>();
        foreach (var property in typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var key = ConfigurationPath.Combine(path, property.Name);
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>(inherit: true))
            {
                if (attribute.GetValidationResult(value, context) is { } failure)
                {
                    lines.Add(attribute is RangeAttribute range
                        ? $"{key}: '{readable[key] ?? ConfigurationCheck.Written(value)}' is out of range; "
                            + $"write a value between {ConfigurationCheck.Written(range.Minimum)} and {ConfigurationCheck.Written(range.Maximum)}"
                        : failure.ErrorMessage ?? $"{key}: '{readable[key]}' is refused");
                }
            }
        }

        // Other validators name their keys themselves; the DataAnnotations were read above, attribute by attribute.
        foreach (var validator in services.GetServices<IValidateOptions<TOptions>>().Where(v => v is not DataAnnotationValidateOptions<TOptions>))
        {
            if (validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, options) is { Failed: true } result)
            {
                lines.AddRange(result.Failures ?? [result.FailureMessage ?? ""]);
            }
        }

        return lines;
    }
}
