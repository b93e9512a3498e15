using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Hosting;

/// <summary>One bad key: the line that says so, and the exception behind it when there is one.</summary>
internal sealed record ConfigurationProblem(string Line, Exception? Exception = null);

/// <summary>
/// Every bad key of the configuration, one line each, found before the host starts anything: first each value that
/// cannot be read as its type (with the form it should take), then, those left out, each value the options'
/// validation refuses (with the range it must be in, or the validator's reason). The host's own validation at start
/// stops at the first value it cannot read, and reports it with a stack trace.
/// </summary>
internal static class ConfigurationCheck
{
    public static IReadOnlyList<ConfigurationProblem> Run(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var sections = services.GetServices<CheckedSection>().ToList();
        var unreadable = sections
            .SelectMany(section => Unreadable(configuration.GetSection(section.Path), section.Type))
            .DistinctBy(problem => problem.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var left = unreadable.Select(problem => problem.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var readable = new ConfigurationBuilder()
            .AddInMemoryCollection(sections
                .SelectMany(section => configuration.GetSection(section.Path).AsEnumerable())
                .Where(pair => !left.Contains(pair.Key))
                .DistinctBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
            .Build();
        var refused = sections.SelectMany(section => section.Validate(services, readable)).Distinct(StringComparer.Ordinal);

        return [.. unreadable.Select(problem => problem.Problem), .. refused.Select(line => new ConfigurationProblem(line))];
    }

    /// <summary>A value as a person writes it in the settings: a duration as <c>[d.]hh:mm:ss[.fff]</c>.</summary>
    public static string Written(object? value) => value switch
    {
        TimeSpan duration => Duration(duration),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    /// <summary>
    /// The values under <paramref name="section"/> that the configuration binder cannot read as the properties of
    /// <paramref name="type"/> (or its elements) they bind to, each tried by the binder itself.
    /// </summary>
    private static IEnumerable<(string Key, ConfigurationProblem Problem)> Unreadable(IConfigurationSection section, Type type)
    {
        if (!section.Exists())
        {
            return [];
        }

        if (IsValue(type))
        {
            return section.Value is { } value && Read(section, type) is { } error
                ? [(section.Path, new ConfigurationProblem($"{section.Path}: '{value}' {Expected(type)}", error))]
                : [];
        }

        if (ElementType(type) is { } element)
        {
            return section.GetChildren().SelectMany(child => Unreadable(child, element));
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .Where(property => property.SetMethod is { IsPublic: true } || !IsValue(property.PropertyType))  // as the binder does
            .SelectMany(property => Unreadable(section.GetSection(property.Name), property.PropertyType));
    }

    /// <summary>What the binder reads from one string, as it decides: a type converter from string.</summary>
    private static bool IsValue(Type type) => TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static InvalidOperationException? Read(IConfigurationSection section, Type type)
    {
        try
        {
            section.Get(type);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>The element type of an array, list or dictionary (its values), else null.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        var generic = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1]
            ?? generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>What a value of <paramref name="type"/> should have been, after the value that was not.</summary>
    private static string Expected(Type type)
    {
        var value = Nullable.GetUnderlyingType(type) ?? type;
        if (value == typeof(TimeSpan))
        {
            return "is not a duration; write [d.]hh:mm:ss, e.g. 1.00:00:00 for a day";
        }

        if (value == typeof(bool))
        {
            return "is not true or false";
        }

        if (value.IsEnum)
        {
            return $"is not one of: {string.Join(", ", Enum.GetNames(value))}";
        }

        return Type.GetTypeCode(value) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "is not a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "is not a number",
            _ => $"cannot be read as {value.Name}",
        };
    }

    private static string Duration(TimeSpan duration)
    {
        var whole = duration.ToString(duration.Days != 0 ? @"d\.hh\:mm\:ss" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var fraction = duration.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0
            ? whole
            : $"{whole}.{Math.Abs(fraction).ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0').PadRight(3, '0')}";
    }
}
