using System.Collections.Concurrent;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// Writing <c>last_seen_at</c> for every device of every batch would update the same device rows many times a
/// second. Liveness only needs it to within a fraction of the reporting interval (offline after 3x, online again
/// within 1x), so each instance writes it at most every quarter interval (and at most every 15 s) per device.
/// </summary>
internal sealed class LastSeenThrottle
{
    public static readonly TimeSpan MaxStaleness = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Guid, DateTime> written = new();

    public Guid[] Due(IEnumerable<Guid> deviceIds, IReadOnlyDictionary<Guid, DeviceProfile> devices, DateTime nowUtc)
    {
        var due = new List<Guid>();
        foreach (var id in deviceIds)
        {
            var interval = devices.TryGetValue(id, out var profile) ? profile.Interval : MaxStaleness;
            var staleness = TimeSpan.FromTicks(Math.Min(MaxStaleness.Ticks, interval.Ticks / 4));
            if (!written.TryGetValue(id, out var last) || nowUtc - last >= staleness || nowUtc < last)
            {
                due.Add(id);
            }
        }

        due.Sort();
        return [.. due];
    }

    /// <summary>Called after the transaction that wrote them committed.</summary>
    public void Written(IEnumerable<Guid> deviceIds, DateTime nowUtc)
    {
        foreach (var id in deviceIds)
        {
            written[id] = nowUtc;
        }
    }
}
