using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Telemetry.Features.Queries;

internal sealed record TelemetrySeriesPointDto(DateTime Ts, double Value);

internal sealed record TelemetrySeriesResponse(Guid DeviceId, string Metric, string Unit, DateTime From, DateTime To, bool Truncated, IReadOnlyList<TelemetrySeriesPointDto> Points);

internal sealed record TelemetryRollupBucketDto(DateTime BucketStart, long Count, double Sum, double Min, double Max, double? Last, DateTime? LastTs);

/// <summary>
/// Rollups of one metric over the selected devices. For cumulative metrics <c>sum</c> is the consumption in
/// the bucket and min/max/last are register values; <c>last</c> is only given for a single device.
/// </summary>
internal sealed record TelemetryRollupsResponse(string Metric, string Unit, bool Cumulative, string Grain, string TimeZone, int Devices, IReadOnlyList<TelemetryRollupBucketDto> Buckets);

internal static class QueryEndpoints
{
    public const int MaxSeriesPoints = 10_000;

    public static void MapTelemetryQueries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/telemetry/devices/{deviceId:guid}/series", SeriesAsync)
            .WithName("GetTelemetrySeries").WithSummary("Raw readings of one device and metric in [from, to) (at most 10,000, oldest first)")
            .WithTags("Telemetry").RequireTenancy(TenancyRule.OrganisationScoped);

        app.MapGet("/api/telemetry/rollups", RollupsAsync)
            .WithName("GetTelemetryRollups")
            .WithSummary("Hourly, daily or monthly rollups of a metric for a device, a site or an organisation (tenancy-scoped)")
            .WithTags("Telemetry").RequireTenancy(TenancyRule.OrganisationScoped);
    }

    private static Dictionary<string, string[]> CheckRange(DateTimeOffset? from, DateTimeOffset? to, string? metric, out MetricDefinition? definition)
    {
        var errors = new Dictionary<string, string[]>();
        definition = null;
        if (metric is null || !MetricCatalogue.TryGet(metric, out definition))
        {
            errors["metric"] = [metric is null ? "required" : $"unknown metric '{metric}'"];
        }

        if (from is null)
        {
            errors["from"] = ["required (ISO 8601 with offset)"];
        }

        if (to is null)
        {
            errors["to"] = ["required (ISO 8601 with offset)"];
        }
        else if (from is not null && to <= from)
        {
            errors["to"] = ["must be after from"];
        }

        return errors;
    }

    private static async Task<Results<Ok<TelemetrySeriesResponse>, ValidationProblem, NotFound>> SeriesAsync(
        Guid deviceId, string? metric, DateTimeOffset? from, DateTimeOffset? to, TelemetryDbContext db, DeviceRegistry registry,
        IReadingStore store, CancellationToken cancellationToken)
    {
        await registry.SyncFromPlatformAsync(cancellationToken);
        var errors = CheckRange(from, to, metric, out var definition);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var id = DeviceId.From(deviceId);
        if (!await db.Devices.AnyAsync(d => d.DeviceId == id, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        var (start, end) = (from!.Value.UtcDateTime, to!.Value.UtcDateTime);
        await store.PublishReadingsAsync(cancellationToken);
        var points = await db.Readings.AsNoTracking()
            .Where(r => r.DeviceId == id && r.MetricId == definition!.Id && r.Ts >= start && r.Ts < end)
            .OrderBy(r => r.Ts)
            .Take(MaxSeriesPoints + 1)
            .Select(r => new TelemetrySeriesPointDto(r.Ts, r.Value))
            .ToListAsync(cancellationToken);
        var truncated = points.Count > MaxSeriesPoints;
        if (truncated)
        {
            points.RemoveAt(points.Count - 1);
        }

        return TypedResults.Ok(new TelemetrySeriesResponse(deviceId, definition!.Code, definition.Unit, start, end, truncated, points));
    }

    private static async Task<Results<Ok<TelemetryRollupsResponse>, ValidationProblem>> RollupsAsync(
        string? metric,
        string? grain,
        DateTimeOffset? from,
        DateTimeOffset? to,
        Guid? deviceId,
        Guid? siteId,
        Guid? organisationId,
        TelemetryDbContext db,
        RollupCalendar calendar,
        DeviceRegistry registry,
        IReadingStore store,
        CancellationToken cancellationToken)
    {
        await registry.SyncFromPlatformAsync(cancellationToken);
        var errors = CheckRange(from, to, metric, out var definition);
        RollupGrain parsedGrain = default;
        if (grain is null || !Enum.TryParse(grain, ignoreCase: true, out parsedGrain) || !Enum.IsDefined(parsedGrain))
        {
            errors["grain"] = ["one of hour, day, month"];
        }

        if (deviceId is null && siteId is null && organisationId is null)
        {
            errors["deviceId"] = ["give deviceId, siteId or organisationId"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Tenancy: the device query filter decides which devices are visible; rollups are read only for those.
        var devices = db.Devices.AsNoTracking();
        if (deviceId is { } d)
        {
            devices = devices.Where(x => x.DeviceId == DeviceId.From(d));
        }

        if (siteId is { } s)
        {
            devices = devices.Where(x => x.SiteId == SiteId.From(s));
        }

        if (organisationId is { } o)
        {
            devices = devices.Where(x => x.OrganisationId == OrganisationId.From(o));
        }

        var ids = await devices.Select(x => x.DeviceId).ToListAsync(cancellationToken);
        var (start, end) = (from!.Value.UtcDateTime, to!.Value.UtcDateTime);

        // Fold every committed rollup delta in first, so the answer reflects every acknowledged reading.
        await store.MergeRollupsAsync(TelemetryOptions.RollupMergeBatch, cancellationToken);
        var rows = ids.Count == 0
            ? []
            : await db.Rollups.AsNoTracking()
                .Where(r => ids.Contains(r.DeviceId) && r.MetricId == definition!.Id && r.Grain == parsedGrain && r.BucketStart >= start && r.BucketStart < end)
                .ToListAsync(cancellationToken);

        var single = ids.Count == 1;
        var buckets = rows
            .GroupBy(r => r.BucketStart)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var withReadings = g.Where(r => r.Count > 0).ToList();
                var last = single ? g.MaxBy(r => r.LastTs) : null;
                return new TelemetryRollupBucketDto(g.Key, g.Sum(r => r.Count), g.Sum(r => r.Sum),
                    withReadings.Count > 0 ? withReadings.Min(r => r.Min) : 0,
                    withReadings.Count > 0 ? withReadings.Max(r => r.Max) : 0,
                    last?.Last, last?.LastTs);
            })
            .ToList();

        return TypedResults.Ok(new TelemetryRollupsResponse(definition!.Code, definition.Unit, definition.IsCumulative, parsedGrain.ToString().ToLowerInvariant(),
            calendar.Zone.Id, ids.Count, buckets));
    }
}
