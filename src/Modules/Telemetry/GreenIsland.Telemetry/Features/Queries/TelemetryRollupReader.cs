using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Telemetry.Features.Queries;

/// <summary>
/// <see cref="ITelemetryRollupReader"/> over the daily and monthly rollup rows (never the raw readings). Devices come
/// from Telemetry's device table through its tenancy query filter, so a caller only ever reads devices it may see.
/// Committed rollup deltas are folded in first (ADR 0008), so the answer reflects every acknowledged reading.
/// </summary>
internal sealed class TelemetryRollupReader(TelemetryDbContext db, RollupCalendar calendar, DeviceRegistry registry, IReadingStore store) : ITelemetryRollupReader
{
    public async Task<TelemetryRollupResult> ReadAsync(TelemetryRollupQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ToExclusive <= query.From)
        {
            throw new ArgumentException("The period must end after it starts.", nameof(query));
        }

        var metrics = new List<MetricDefinition>();
        foreach (var code in query.Metrics.Distinct(StringComparer.Ordinal))
        {
            metrics.Add(MetricCatalogue.TryGet(code, out var metric) ? metric : throw new ArgumentException($"Unknown metric '{code}'.", nameof(query)));
        }

        if (query.SiteIds.Count == 0 || metrics.Count == 0)
        {
            return new TelemetryRollupResult(calendar.Zone.Id, [], []);
        }

        await registry.SyncFromPlatformAsync(cancellationToken);
        var sites = query.SiteIds.Distinct().Select(SiteId.From).ToList();
        var devices = await db.Devices.AsNoTracking().Where(d => sites.Contains(d.SiteId))
            .OrderBy(d => d.Name).ThenBy(d => d.DeviceId).ToListAsync(cancellationToken);
        var meters = (from d in devices
                      from m in metrics
                      where DeviceTypeProfiles.MetricsOf(d.Type).Contains(m.Code)
                      select new TelemetryMeter(d.DeviceId.Value, d.SiteId.Value, d.Name, DeviceTypeNames.ToSnakeCase(d.Type), m.Code, m.Unit, m.IsCumulative, d.IsActive))
            .ToList();
        if (devices.Count == 0)
        {
            return new TelemetryRollupResult(calendar.Zone.Id, meters, []);
        }

        var grain = query.Grain switch
        {
            TelemetryRollupGrain.Day => RollupGrain.Day,
            TelemetryRollupGrain.Month => RollupGrain.Month,
            _ => throw new ArgumentOutOfRangeException(nameof(query), "Unknown grain."),
        };
        var deviceIds = devices.Select(d => d.DeviceId).ToList();
        var metricIds = metrics.Select(m => m.Id).ToList();
        var start = LocalMidnightUtc(query.From);
        var end = LocalMidnightUtc(query.ToExclusive);
        await store.MergeRollupsAsync(TelemetryOptions.RollupMergeBatch, cancellationToken);
        var rows = await db.Rollups.AsNoTracking()
            .Where(r => deviceIds.Contains(r.DeviceId) && metricIds.Contains(r.MetricId) && r.Grain == grain && r.BucketStart >= start && r.BucketStart < end && r.Count > 0)
            .ToListAsync(cancellationToken);
        var values = rows
            .Select(r => new TelemetryRollupValue(r.DeviceId.Value, MetricCatalogue.Get(r.MetricId).Code,
                DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(r.BucketStart, calendar.Zone)), r.Sum, r.Count))
            .OrderBy(v => v.DeviceId).ThenBy(v => v.Metric, StringComparer.Ordinal).ThenBy(v => v.BucketStart)
            .ToList();
        return new TelemetryRollupResult(calendar.Zone.Id, meters, values);
    }

    private DateTime LocalMidnightUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), calendar.Zone);
}
