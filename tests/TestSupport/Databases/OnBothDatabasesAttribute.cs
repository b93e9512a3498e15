using System.ComponentModel;
using CitationMonitor.Infrastructure.Persistence;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CitationMonitor.TestSupport.Databases;

/// <summary>
/// The database the running test's hosts are built over (<see cref="Hosts.MonitorServices"/>): SQLite unless the test
/// runs as the PostgreSQL case of an <see cref="OnBothDatabasesAttribute"/> test.
/// </summary>
public static class TestDatabase
{
    private static readonly AsyncLocal<DatabaseProvider> CurrentProvider = new();

    public static DatabaseProvider Current
    {
        get => CurrentProvider.Value;
        internal set => CurrentProvider.Value = value;
    }
}

/// <summary>
/// A fact run twice, once over SQLite and once over PostgreSQL (<see cref="PostgresServer"/>): the same stores must
/// behave the same over both. The PostgreSQL case is skipped, with the reason, where no server is configured.
/// </summary>
[XunitTestCaseDiscoverer("CitationMonitor.TestSupport.Databases.OnBothDatabasesDiscoverer", "CitationMonitor.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnBothDatabasesAttribute : FactAttribute;

/// <summary>A theory run over both databases, each of its rows twice (see <see cref="OnBothDatabasesAttribute"/>).</summary>
[XunitTestCaseDiscoverer("CitationMonitor.TestSupport.Databases.OnBothDatabasesTheoryDiscoverer", "CitationMonitor.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnBothDatabasesTheoryAttribute : TheoryAttribute;

/// <summary>
/// A fact about what only PostgreSQL does (many processes on many machines sharing one database), run on it alone;
/// skipped with the reason where no server is configured.
/// </summary>
[XunitTestCaseDiscoverer("CitationMonitor.TestSupport.Databases.OnPostgresDiscoverer", "CitationMonitor.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnPostgresAttribute : FactAttribute;

public sealed class OnPostgresDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new DatabaseTestCase(
            diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod, DatabaseProvider.Postgres, null)];
}

public sealed class OnBothDatabasesDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Enum.GetValues<DatabaseProvider>().Select(provider => (IXunitTestCase)new DatabaseTestCase(
            diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod, provider, null));
}

public sealed class OnBothDatabasesTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow) =>
        Enum.GetValues<DatabaseProvider>().Select(provider => (IXunitTestCase)new DatabaseTestCase(
            DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod, provider, dataRow));

    protected override IEnumerable<IXunitTestCase> CreateTestCasesForTheory(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        throw new InvalidOperationException(
            $"{testMethod.TestClass.Class.Name}.{testMethod.Method.Name}: a theory on both databases needs data known at discovery (serializable rows).");
}

/// <summary>One test method (and data row) on one database.</summary>
public sealed class DatabaseTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public DatabaseTestCase()
    {
    }

    public DatabaseTestCase(
        IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod, DatabaseProvider provider, object[]? testMethodArguments)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, testMethodArguments)
    {
        Provider = provider;
    }

    public DatabaseProvider Provider { get; private set; }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) =>
        $"{base.GetDisplayName(factAttribute, displayName)} [{Name(Provider)}]";

    protected override string GetUniqueID() => $"{base.GetUniqueID()}-{Name(Provider)}";

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        Provider == DatabaseProvider.Postgres && !PostgresServer.Required && PostgresServer.Unavailable is { } reason
            ? reason
            : base.GetSkipReason(factAttribute);

    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        // Set in this async method, it flows into the test class's constructor, its InitializeAsync and the test itself,
        // and no further: the tests run after this one are back on the default.
        TestDatabase.Current = Provider;
        return await base.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource);
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        data.AddValue(nameof(Provider), Provider.ToString());
        base.Serialize(data);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        Provider = Enum.Parse<DatabaseProvider>(data.GetValue<string>(nameof(Provider)));
        base.Deserialize(data);
    }

    private static string Name(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
}
