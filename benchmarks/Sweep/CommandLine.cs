namespace CitationMonitor.Sweep;

/// <summary>How every mode of the program reads its switches.</summary>
internal static class CommandLine
{
    /// <summary>
    /// The mode's settings, or null once the switches' error and the mode's usage are written to standard error (the
    /// program then exits with code 2).
    /// </summary>
    public static T? Parse<T>(Func<string[], T> parse, string[] arguments, string usage)
        where T : class
    {
        try
        {
            return parse(arguments);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(usage);
            return null;
        }
    }
}
