using CitationMonitor.Domain.Mementos;

namespace CitationMonitor.Domain.Tests.Mementos;

public sealed class CitedVersionTests
{
    private static readonly DateTimeOffset Day0 = new(2021, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static VersionCandidate Capture(long id, int day, bool working = true, bool passage = false) =>
        new(new Memento(Day0.AddDays(day), $"http://monitor/memento/{id}", id), working, passage);

    private static readonly Memento Archived = new(Day0.AddDays(-100), "https://web.archive.org/web/2020/x", null);

    [Fact]
    public void TheCaptureThatHeldThePassage_ClosestToTheCitingDate_WinsOverCloserCaptures()
    {
        VersionCandidate[] captures = [Capture(1, 0, passage: true), Capture(2, 5, passage: true), Capture(3, 10), Capture(4, 20)];

        var chosen = CitedVersion.Choose(captures, Archived, new VersionRequest(CitedAt: Day0.AddDays(19)));

        Assert.Equal((2L, VersionChoice.Passage), (chosen!.Value.Memento.SnapshotId!.Value, chosen.Value.By));
    }

    [Fact]
    public void WithoutThePassage_TheWorkingCaptureClosestToTheCitingDate_IsChosen_NeverAnErrorPage()
    {
        VersionCandidate[] captures = [Capture(1, 0), Capture(2, 10, working: false), Capture(3, 20)];

        var chosen = CitedVersion.Choose(captures, Archived, new VersionRequest(CitedAt: Day0.AddDays(9)));

        Assert.Equal((1L, VersionChoice.Closest), (chosen!.Value.Memento.SnapshotId!.Value, chosen.Value.By));
    }

    [Fact]
    public void WithoutACitingDate_TheFirstCapturesDateIsTheOneClosestTo()
    {
        VersionCandidate[] captures = [Capture(3, 20), Capture(1, 0), Capture(2, 10)];

        Assert.Equal(1L, CitedVersion.Choose(captures, null, new VersionRequest())!.Value.Memento.SnapshotId);
    }

    [Fact]
    public void OnlyErrorPages_TheWebArchivesCopy_ThenTheNewestCapture()
    {
        VersionCandidate[] errors = [Capture(1, 0, working: false), Capture(2, 10, working: false)];

        Assert.Equal((Archived, VersionChoice.WebArchive), CitedVersion.Choose(errors, Archived, new VersionRequest(CitedAt: Day0))!.Value);
        Assert.Equal((errors[1].Memento, VersionChoice.Newest), CitedVersion.Choose(errors, null, new VersionRequest(CitedAt: Day0))!.Value);
        Assert.Null(CitedVersion.Choose([], null, new VersionRequest(CitedAt: Day0)));
    }

    [Fact]
    public void SnapshotIdThenAt_ComeBeforeEverythingElse()
    {
        VersionCandidate[] captures = [Capture(1, 0, passage: true), Capture(2, 10), Capture(3, 20)];

        Assert.Equal((captures[2].Memento, VersionChoice.Snapshot), CitedVersion.Choose(captures, Archived, new VersionRequest(3, Day0, Day0))!.Value);
        Assert.Equal((captures[1].Memento, VersionChoice.At), CitedVersion.Choose(captures, Archived, new VersionRequest(At: Day0.AddDays(9), CitedAt: Day0))!.Value);
        Assert.Equal((Archived, VersionChoice.At), CitedVersion.Choose(captures, Archived, new VersionRequest(At: Day0.AddDays(-90)))!.Value);
        Assert.Null(CitedVersion.Choose(captures, Archived, new VersionRequest(SnapshotId: 99)));
    }

    [Fact]
    public void ATieInTime_GoesToTheEarlierCapture()
    {
        VersionCandidate[] captures = [Capture(1, 0), Capture(2, 10)];

        Assert.Equal(1L, CitedVersion.Choose(captures, null, new VersionRequest(CitedAt: Day0.AddDays(5)))!.Value.Memento.SnapshotId);
    }
}
