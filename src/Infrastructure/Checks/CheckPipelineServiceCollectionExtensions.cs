using CitationMonitor.Infrastructure.Checks.Recording;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CitationMonitor.Infrastructure.Checks;

public static class CheckPipelineServiceCollectionExtensions
{
    /// <summary>The steps of a check, in the order a check runs them, and the checker that runs them.</summary>
    public static IServiceCollection AddCheckPipeline(this IServiceCollection services)
    {
        services.AddSingleton<Baselines>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<CaptureExtractor>();
        services.AddSingleton<NotFoundJudge>();
        services.AddSingleton<SourceLook>();
        services.AddSingleton<ChangeConfirmer>();
        services.AddSingleton<BaselineComparer>();
        services.TryAddSingleton(IntervalJitter.Random);
        services.AddSingleton<NextCheckSchedule>();
        services.AddSingleton<CheckJudge>();

        services.AddSingleton<SnapshotWriter>();
        services.AddSingleton<ChangeWriter>();
        services.AddSingleton<CheckWriter>();
        services.AddSingleton<PassageWriter>();
        services.AddSingleton<CitationStateWriter>();
        services.AddSingleton<CheckRecorder>();

        // One budget of checks in flight for the whole process: the scheduler's and those asked for through the API.
        services.TryAddSingleton<CheckBudget>();
        services.AddSingleton<CitationChecker>();
        return services;
    }
}
