using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Benchmarks -- --filter '*'   (BENCHMARKS.md has the results)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
