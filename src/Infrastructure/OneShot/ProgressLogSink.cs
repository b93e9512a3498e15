using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>The log of a one-shot check, one line an event, among its progress (standard error): never on its output.</summary>
internal sealed class ProgressLogSink(TextWriter progress) : ILogEventSink
{
    public void Emit(LogEvent logEvent)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var level = logEvent.Level >= LogEventLevel.Error ? "error" : "warning";
        progress.WriteLine($"{level}: {logEvent.RenderMessage(CultureInfo.InvariantCulture)}");
    }
}
