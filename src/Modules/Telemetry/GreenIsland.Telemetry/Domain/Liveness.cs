namespace GreenIsland.Telemetry.Domain;

internal enum LivenessStatus : short
{
    /// <summary>Registered but never reported and not yet overdue.</summary>
    Pending = 0,
    Online = 1,
    Offline = 2,
}

/// <summary>
/// Decides a device's liveness. A device goes offline after 3x its interval of silence and comes back
/// online only when it was heard from within 1x its interval: the gap between the two thresholds is the
/// hysteresis that stops a device reporting right at the limit from flapping.
/// </summary>
internal static class LivenessPolicy
{
    public const int OfflineAfterIntervals = 3;

    public static LivenessStatus Evaluate(
        LivenessStatus current,
        DateTime? lastSeenUtc,
        DateTime registeredAtUtc,
        TimeSpan interval,
        DateTime nowUtc)
    {
        var silentSince = lastSeenUtc ?? registeredAtUtc;
        var silence = nowUtc - silentSince;
        var overdue = silence > interval * OfflineAfterIntervals;

        return current switch
        {
            LivenessStatus.Online when overdue => LivenessStatus.Offline,
            LivenessStatus.Pending when overdue => LivenessStatus.Offline,
            LivenessStatus.Pending when lastSeenUtc is not null => LivenessStatus.Online,
            LivenessStatus.Offline when lastSeenUtc is not null && silence <= interval => LivenessStatus.Online,
            _ => current,
        };
    }
}
