namespace CitationMonitor.TestSupport;

/// <summary>Polls for what a background service does on its own schedule, within a bound.</summary>
public static class Eventually
{
    public static async Task<bool> TrueWithinAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (!timeout.IsCancellationRequested)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return false;
    }
}
