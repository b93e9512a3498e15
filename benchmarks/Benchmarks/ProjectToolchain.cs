using System.Reflection;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.CsProj;
using BenchmarkDotNet.Toolchains.DotNetCli;

namespace CitationMonitor.Benchmarks;

/// <summary>
/// BenchmarkDotNet's default toolchain finds the benchmark project by assuming the .csproj is named after the
/// assembly; ours is Benchmarks.csproj building CitationMonitor.Benchmarks.dll. This one is told the path, which the
/// build records in the assembly's metadata.
/// </summary>
internal static class ProjectToolchain
{
    private static readonly NetCoreAppSettings Settings = NetCoreAppSettings.NetCoreApp10_0;

    // Null means "the default dotnet and packages": BenchmarkDotNet's own CsProjCoreToolchain.From passes these
    // same nulls, though its constructors are annotated as taking non-null strings.
    private static readonly string DotNetPath = Settings.CustomDotNetCliPath!;

    public static IToolchain Instance { get; } = new Toolchain(
        $"{Settings.Name} (Benchmarks.csproj)",
        new Generator(),
        new DotNetCliBuilder(Settings.TargetFrameworkMoniker, DotNetPath),
        new DotNetCliExecutor(DotNetPath));

    private sealed class Generator() : CsProjGenerator(
        Settings.TargetFrameworkMoniker, DotNetPath, Settings.PackagesPath!, Settings.RuntimeFrameworkVersion!)
    {
        protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
        {
            var path = benchmarkTarget.Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BenchmarkProjectPath")?.Value;
            return path is not null && File.Exists(path) ? new FileInfo(path) : base.GetProjectFilePath(benchmarkTarget, logger);
        }
    }
}
