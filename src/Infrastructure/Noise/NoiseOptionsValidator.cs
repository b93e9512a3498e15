using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Noise;

/// <summary>Refuses, at start-up, an ignore rule that cannot work, naming its configuration key.</summary>
internal sealed class NoiseOptionsValidator : IValidateOptions<NoiseOptions>
{
    public ValidateOptionsResult Validate(string? name, NoiseOptions options)
    {
        var errors = NoiseRulesProvider.Validate(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
