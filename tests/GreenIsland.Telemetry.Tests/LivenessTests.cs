using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Tests;

public sealed class LivenessTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly DateTime Registered = Now.AddDays(-1);

    [Fact]
    public void Evaluate_WhenOnlineDeviceSilentForMoreThanThreeIntervals_GoesOffline() =>
        Assert.Equal(LivenessStatus.Offline,
            LivenessPolicy.Evaluate(LivenessStatus.Online, Now.AddMinutes(-15).AddSeconds(-1), Registered, Interval, Now));

    [Fact]
    public void Evaluate_WhenOnlineDeviceSilentForExactlyThreeIntervals_StaysOnline() =>
        Assert.Equal(LivenessStatus.Online,
            LivenessPolicy.Evaluate(LivenessStatus.Online, Now.AddMinutes(-15), Registered, Interval, Now));

    [Fact]
    public void Evaluate_WhenOfflineDeviceReportedWithinOneInterval_ComesBackOnline() =>
        Assert.Equal(LivenessStatus.Online,
            LivenessPolicy.Evaluate(LivenessStatus.Offline, Now.AddMinutes(-4), Registered, Interval, Now));

    [Fact]
    public void Evaluate_WhenOfflineDeviceLastSeenBetweenOneAndThreeIntervals_StaysOffline() =>
        Assert.Equal(LivenessStatus.Offline,
            LivenessPolicy.Evaluate(LivenessStatus.Offline, Now.AddMinutes(-10), Registered, Interval, Now));

    [Fact]
    public void Evaluate_WhenRegisteredDeviceNeverReportsForThreeIntervals_GoesOffline() =>
        Assert.Equal(LivenessStatus.Offline,
            LivenessPolicy.Evaluate(LivenessStatus.Pending, null, Now.AddMinutes(-16), Interval, Now));

    [Fact]
    public void Evaluate_WhenPendingDeviceReports_IsOnline() =>
        Assert.Equal(LivenessStatus.Online,
            LivenessPolicy.Evaluate(LivenessStatus.Pending, Now.AddMinutes(-1), Now.AddMinutes(-2), Interval, Now));
}
