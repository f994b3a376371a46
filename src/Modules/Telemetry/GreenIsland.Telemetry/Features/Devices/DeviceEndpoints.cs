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

namespace GreenIsland.Telemetry.Features.Devices;

internal sealed record TelemetryMetricDto(string Code, string Unit, string Dimension, double Minimum, double Maximum, bool Cumulative);

internal sealed record TelemetryDeviceTypeDto(string Type, IReadOnlyList<string> Metrics, int DefaultIntervalSeconds);

internal sealed record TelemetryLatestValueDto(string Metric, string Unit, DateTime Ts, double Value);

internal sealed record TelemetryDeviceDto(
    Guid DeviceId,
    Guid OrganisationId,
    Guid SiteId,
    string Name,
    string Type,
    int IntervalSeconds,
    IReadOnlyList<TelemetryMetricDto> Metrics,
    bool IsActive,
    bool IsDemo,
    string Status,
    DateTime? StatusChangedAt,
    DateTime? LastSeenAt,
    DateTime RegisteredAt,
    IReadOnlyList<TelemetryLatestValueDto>? Latest);

internal sealed record TelemetryDeviceSettingsRequest(string? Type, int? IntervalSeconds, double? RegisterModulus, bool? IsActive);

internal static class DeviceEndpoints
{
    public static void MapTelemetryDevices(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/telemetry/metrics", () => TypedResults.Ok(MetricCatalogue.All.Select(ToDto).ToList()))
            .WithName("ListTelemetryMetrics").WithSummary("The metric catalogue (codes, units, ranges)").WithTags("Telemetry")
            .RequireTenancy(TenancyRule.SignedIn);

        app.MapGet("/api/telemetry/device-types", () => TypedResults.Ok(Enum.GetValues<DeviceType>()
                .Select(t => new TelemetryDeviceTypeDto(DeviceTypeNames.ToSnakeCase(t), DeviceTypeProfiles.MetricsOf(t), (int)DeviceTypeProfiles.DefaultInterval(t).TotalSeconds))
                .ToList()))
            .WithName("ListTelemetryDeviceTypes").WithSummary("Device types and the metrics each reports").WithTags("Telemetry")
            .RequireTenancy(TenancyRule.SignedIn);

        app.MapGet("/api/telemetry/devices", ListAsync)
            .WithName("ListTelemetryDevices").WithSummary("Devices with their liveness status (tenancy-scoped)").WithTags("Telemetry")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        app.MapGet("/api/telemetry/devices/{deviceId:guid}", GetAsync)
            .WithName("GetTelemetryDevice").WithSummary("A device with its latest value per metric").WithTags("Telemetry")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        app.MapPut("/api/telemetry/devices/{deviceId:guid}", RegisterAsync)
            .WithName("RegisterTelemetryDevice").WithSummary("Register or change a platform device's type, interval and register width").WithTags("Telemetry")
            .RequireTenancy(TenancyRule.OrganisationAdministration);
    }

    internal static TelemetryMetricDto ToDto(MetricDefinition m) => new(m.Code, m.Unit, m.Dimension, m.Minimum, m.Maximum, m.IsCumulative);

    internal static string StatusName(LivenessStatus status) => status switch
    {
        LivenessStatus.Online => "online",
        LivenessStatus.Offline => "offline",
        _ => "pending",
    };

    private static TelemetryDeviceDto ToDto(TelemetryDevice d, IReadOnlyList<TelemetryLatestValueDto>? latest) => new(
        d.DeviceId.Value, d.OrganisationId.Value, d.SiteId.Value, d.Name, DeviceTypeNames.ToSnakeCase(d.Type), d.IntervalSeconds,
        DeviceTypeProfiles.MetricsOf(d.Type).Select(code => ToDto(MetricCatalogue.Get(code))).ToList(),
        d.IsActive, d.IsDemo, StatusName(d.Status), d.StatusChangedAt, d.LastSeenAt, d.RegisteredAt, latest);

    private static async Task<Ok<List<TelemetryDeviceDto>>> ListAsync(
        TelemetryDbContext db, DeviceRegistry registry, Guid? siteId, Guid? organisationId, string? status, CancellationToken cancellationToken)
    {
        await registry.SyncFromPlatformAsync(cancellationToken);
        var query = db.Devices.AsNoTracking();
        if (siteId is { } site)
        {
            query = query.Where(d => d.SiteId == SiteId.From(site));
        }

        if (organisationId is { } organisation)
        {
            query = query.Where(d => d.OrganisationId == OrganisationId.From(organisation));
        }

        var rows = await query.OrderBy(d => d.Name).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows
            .Where(d => status is null || string.Equals(StatusName(d.Status), status, StringComparison.OrdinalIgnoreCase))
            .Select(d => ToDto(d, null)).ToList());
    }

    private static async Task<Results<Ok<TelemetryDeviceDto>, NotFound>> GetAsync(
        Guid deviceId, TelemetryDbContext db, DeviceRegistry registry, IReadingStore store, CancellationToken cancellationToken)
    {
        await registry.SyncFromPlatformAsync(cancellationToken);
        var id = DeviceId.From(deviceId);
        var device = await db.Devices.AsNoTracking().SingleOrDefaultAsync(d => d.DeviceId == id, cancellationToken);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        // Latest value per metric from the hour rollups (never the raw table), with every committed delta folded in.
        await store.MergeRollupsAsync(TelemetryOptions.RollupMergeBatch, cancellationToken);
        var latest = new List<TelemetryLatestValueDto>();
        foreach (var code in DeviceTypeProfiles.MetricsOf(device.Type))
        {
            var metric = MetricCatalogue.Get(code);
            var row = await db.Rollups.AsNoTracking()
                .Where(r => r.DeviceId == id && r.MetricId == metric.Id && r.Grain == RollupGrain.Hour)
                .OrderByDescending(r => r.BucketStart)
                .Select(r => new { r.LastTs, r.Last })
                .FirstOrDefaultAsync(cancellationToken);
            if (row is not null)
            {
                latest.Add(new TelemetryLatestValueDto(code, metric.Unit, row.LastTs, row.Last));
            }
        }

        return TypedResults.Ok(ToDto(device, latest));
    }

    private static async Task<Results<Ok<TelemetryDeviceDto>, ValidationProblem, NotFound, ForbidHttpResult>> RegisterAsync(
        Guid deviceId,
        TelemetryDeviceSettingsRequest request,
        TelemetryDbContext db,
        PlatformDeviceDirectory platform,
        DeviceRegistry registry,
        IActorContext actors,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DeviceType type = default;
        if (request.Type is not null && !DeviceTypeNames.TryParse(request.Type, out type))
        {
            errors["type"] = [$"unknown device type '{request.Type}'; use one of {string.Join(", ", Enum.GetValues<DeviceType>().Select(DeviceTypeNames.ToSnakeCase))}"];
        }

        if (request.IntervalSeconds is { } interval && (interval < 1 || interval > 86_400))
        {
            errors["intervalSeconds"] = ["must be between 1 and 86400"];
        }

        if (request.RegisterModulus is { } modulus && (!double.IsFinite(modulus) || modulus <= 0))
        {
            errors["registerModulus"] = ["must be a positive number"];
        }

        var id = DeviceId.From(deviceId);
        var device = await db.Devices.SingleOrDefaultAsync(d => d.DeviceId == id, cancellationToken);
        PlatformDevice? platformDevice = null;
        if (device is null)
        {
            // Not registered with Telemetry yet (or not visible): only a platform device of the caller's own organisation may be.
            platformDevice = await platform.FindAsync(deviceId, cancellationToken);
            var actor = actors.Current;
            var visible = platformDevice is not null && (actor.SeesEverything || platformDevice.OrganisationId == actor.OrganisationId.Value);
            if (!visible || await db.Devices.IgnoreQueryFilters().AnyAsync(d => d.DeviceId == id, cancellationToken))
            {
                return TypedResults.NotFound();
            }

            if (request.Type is null)
            {
                errors["type"] = ["required when registering a device"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (device is null)
        {
            device = DeviceRegistry.NewDevice(platformDevice!, type, TimeSpan.FromSeconds(request.IntervalSeconds ?? (int)DeviceTypeProfiles.DefaultInterval(type).TotalSeconds), now);
            db.Devices.Add(device);
        }
        else if (request.Type is not null)
        {
            device.Type = type;
        }

        if (request.IntervalSeconds is { } seconds)
        {
            device.IntervalSeconds = seconds;
        }

        if (request.RegisterModulus is { } width)
        {
            device.RegisterModulus = width;
        }

        if (request.IsActive is { } active)
        {
            device.IsActive = active;
        }

        await db.SaveChangesAsync(cancellationToken);
        registry.Invalidate(deviceId);
        return TypedResults.Ok(ToDto(device, null));
    }
}
