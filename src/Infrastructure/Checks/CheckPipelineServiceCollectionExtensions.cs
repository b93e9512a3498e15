using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CitationMonitor.Infrastructure.Checks;

public static class CheckPipelineServiceCollectionExtensions
{
    /// <summary>The steps of a check, in the order a check runs them, and the checker that runs them.</summary>
    public static IServiceCollection AddCheckPipeline(this IServiceCollection services)
    {
        services.AddSingleton<Baselines>();
        services.AddSingleton<BaselineTexts>();
        services.TryAddSingleton<IStoredContent>(provider => provider.GetRequiredService<SnapshotStore>());
        services.AddSourceLook();
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

    /// <summary>
    /// The look at a source alone (<see cref="SourceLook"/>: fetch, extract, classify), which records nothing: the
    /// fetch pipeline, an <see cref="IStoredContent"/> and the options are registered by the caller.
    /// </summary>
    internal static IServiceCollection AddSourceLook(this IServiceCollection services)
    {
        services.TryAddSingleton<SourceFetcher>();
        services.TryAddSingleton<CaptureExtractor>();
        services.TryAddSingleton<NotFoundJudge>();
        services.TryAddSingleton<SourceLook>();
        return services;
    }
}
