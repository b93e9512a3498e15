namespace CitationMonitor.Api.Pages;

/// <summary>
/// The pages' words: each is looked up by its English text (<c>T["Documents"]</c>), which is also what an English page
/// shows; <c>PageTexts.es.resx</c> holds the Spanish. A test checks that every text the pages use has its translation.
/// </summary>
public sealed class PageTexts;
