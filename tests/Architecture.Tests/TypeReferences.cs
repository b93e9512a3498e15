using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace CitationMonitor.Architecture.Tests;

/// <summary>
/// The types of other assemblies an assembly uses, as its metadata lists them (every type used from another assembly is a
/// type reference there): finer than <see cref="AssemblyReferences"/>, for rules about single types of an assembly a
/// layer may otherwise use.
/// </summary>
public static class TypeReferences
{
    /// <summary>The full names (namespace and name, generic arity kept) of the types <paramref name="assembly"/> references.</summary>
    public static IReadOnlySet<string> Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.TypeReferences
            .Select(handle => metadata.GetTypeReference(handle))
            .Select(type => $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}")
            .ToHashSet(StringComparer.Ordinal);
    }
}
