using Xunit.Abstractions;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// The docs' examples, run: every curl command of README.md and docs/*.md is sent to a real monitor over real HTTP,
/// and its answer compared with the one shown (the convention is in docs/README.md), so the examples cannot go stale.
/// </summary>
public sealed class DocExamplesTests(ITestOutputHelper output)
{
    /// <summary>Set to 1 to see every answer in the test's output, e.g. to write the answer of a new example.</summary>
    private const string ShowAnswers = "DOCS_SHOW_ANSWERS";

    public static TheoryData<string> Pages() => new(DocsPages.Names);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task EveryExampleOfThePage_AnswersAsShown(string page)
    {
        var steps = DocExamples.Read(DocsPages.Read(page));
        var failures = new List<string>();
        await using var scenario = await DocScenario.StartAsync();
        foreach (var step in steps)
        {
            if (step.NotRunBecause is { } reason)
            {
                output.WriteLine($"{page}:{step.Line}: not run ({reason}): {step.Command}");
                continue;
            }

            var problems = await scenario.RunAsync(step);
            failures.AddRange(problems.Select(problem => $"{page}:{step.Line}: {step.Command}\n    {problem}"));
            output.WriteLine($"{page}:{step.Line}: {(problems.Count == 0 ? "ok" : "FAILED")}: {step.Command}");
            if (step.Curl is not null && Environment.GetEnvironmentVariable(ShowAnswers) == "1")
            {
                output.WriteLine(scenario.LastAnswer);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} example(s) of {page} do not answer as shown:\n{string.Join('\n', failures)}");
    }
}
