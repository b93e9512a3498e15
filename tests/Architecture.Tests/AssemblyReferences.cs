using System.Reflection;

namespace CitationMonitor.Architecture.Tests;

/// <summary>
/// The assemblies an assembly references, as its metadata lists them: the compiler keeps a reference only when code in
/// the assembly uses a type from it, so a listed assembly is one the code really depends on.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>
    /// The names of <paramref name="assembly"/>'s references that are one of <paramref name="forbidden"/> or inside one
    /// of them ("Polly" forbids Polly.Core, "Microsoft.AspNetCore" every ASP.NET Core assembly), in order of name.
    /// </summary>
    public static IReadOnlyList<string> Matching(Assembly assembly, IEnumerable<string> forbidden)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var names = forbidden.ToList();
        return [.. assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => names.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];
    }
}
