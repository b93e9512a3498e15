using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>One log event as it was written: its category, level, message and the values the message was made of.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values);

/// <summary>A logger provider that keeps every event written through the services it is added to.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _events = new();

    public IReadOnlyList<RecordedLog> Events => [.. _events];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = (state as IEnumerable<KeyValuePair<string, object?>> ?? [])
                .GroupBy(pair => pair.Key, StringComparer.Ordinal)
                .ToDictionary(group => group.Key, group => group.First().Value?.ToString(), StringComparer.Ordinal);
            logs._events.Enqueue(new RecordedLog(category, logLevel, formatter(state, exception), values));
        }
    }
}
