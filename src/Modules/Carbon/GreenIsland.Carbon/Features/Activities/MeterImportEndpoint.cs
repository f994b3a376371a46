using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Telemetry.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Activities;

/// <param name="SiteId">A site of the caller's organisation.</param>
/// <param name="From">First month, yyyy-MM.</param>
/// <param name="To">Last month, yyyy-MM (a completed month).</param>
/// <param name="GasMetersReportNormalVolume">
/// Set to true only if the site's gas meters report volume corrected to normal conditions (Nm3, e.g. billing meters
/// with volume correctors); otherwise gas months are not imported, because m3 at line conditions cannot be converted
/// without temperature and pressure.
/// </param>
internal sealed record ImportMetersRequest(Guid? SiteId, string? From, string? To, bool GasMetersReportNormalVolume);

internal sealed record MeterImportMeter(Guid? DeviceId, string DeviceName, string DeviceType, string Metric, string Unit, string? Kind,
    IReadOnlyList<string> ImportedMonths, IReadOnlyList<string> MissingMonths);

internal sealed record MeterImportSkip(Guid? DeviceId, string Metric, string? Month, string Reason);

internal sealed record MeterImportReport(Guid SiteId, string From, string To, string TimeZone, int Created, int Updated, int Unchanged, int Locked,
    IReadOnlyList<MeterImportMeter> Meters, IReadOnlyList<MeterImportSkip> Skipped, IReadOnlyList<ActivityResponse> Records);

/// <summary>
/// Imports a site's monthly meter rollups (from Telemetry, through <see cref="ITelemetryRollupReader"/>) as activity
/// records with provenance (device, metric, month). Re-importing updates the same records instead of adding new ones;
/// months without readings are reported, never filled in.
/// </summary>
internal static class MeterImportEndpoint
{
    public const string SelfConsumedPvMetric = MetricCodes.PvGeneration + "-" + MetricCodes.EnergyExport;
    public const string NaturalGasFuel = "fuel.natural-gas";
    private const int MaxMonths = 36;

    public static IEndpointRouteBuilder MapMeterImport(this IEndpointRouteBuilder api)
    {
        api.MapPost("/activities/import-meters", ImportAsync)
            .WithName("ImportActivitiesFromMeters")
            .WithSummary("Imports a site's monthly meter rollups (electricity energy_import, PV self-consumption = pv_generation - energy_export, natural gas when the meters report Nm3) as activity records with provenance; re-import updates; months without readings are reported, not invented.")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<MeterImportReport>, ValidationProblem>> ImportAsync(
        ImportMetersRequest request, CarbonDbContext db, ITelemetryRollupReader reader, ILedger ledger, IActorContext actor, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var from = Month(request.From, "from", errors);
        var to = Month(request.To, "to", errors);
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                errors.Add("to", "The last month must not be before the first.");
            }
            else if ((t.Year - f.Year) * 12 + t.Month - f.Month + 1 > MaxMonths)
            {
                errors.Add("to", $"At most {MaxMonths} months per import.");
            }
        }

        PlatformSiteView? site = null;
        if (request.SiteId is not { } siteId)
        {
            errors.Add("siteId", "This field is required.");
        }
        else
        {
            site = await db.PlatformSites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == new SiteId(siteId), cancellationToken);
            if (site is null || !CarbonAccess.CanEdit(actor.Current, site.OrganisationId))
            {
                errors.Add("siteId", "No site of your organisation has this id.");
            }
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var first = from!.Value;
        var last = to!.Value;
        var rollups = await reader.ReadAsync(new TelemetryRollupQuery([site!.Id.Value],
            [MetricCodes.EnergyImport, MetricCodes.EnergyExport, MetricCodes.PvGeneration, MetricCodes.GasVolume, MetricCodes.SteamMass],
            first, last.AddMonths(1), TelemetryRollupGrain.Month), cancellationToken);

        // Only completed months: a month still running would import a partial sum.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(rollups.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        if (last >= new DateOnly(today.Year, today.Month, 1))
        {
            return CarbonProblems.Validation("to", $"Only completed months can be imported; the last completed month is {Text(new DateOnly(today.Year, today.Month, 1).AddMonths(-1))} ({rollups.TimeZone}).");
        }

        var months = Enumerable.Range(0, (last.Year - first.Year) * 12 + last.Month - first.Month + 1).Select(first.AddMonths).ToList();
        var values = rollups.Values.ToDictionary(v => (v.DeviceId, v.Metric, v.BucketStart));
        var planned = new List<Planned>();
        var meters = new List<MeterImportMeter>();
        var skipped = new List<MeterImportSkip>();

        foreach (var meter in rollups.Meters.Where(m => m.Metric is MetricCodes.EnergyImport or MetricCodes.GasVolume or MetricCodes.SteamMass))
        {
            var imported = new List<string>();
            var missing = new List<string>();
            ActivityKind? kind = meter.Metric switch
            {
                MetricCodes.EnergyImport => ActivityKind.PurchasedElectricity,
                MetricCodes.GasVolume when request.GasMetersReportNormalVolume => ActivityKind.StationaryCombustion,
                _ => null,
            };
            if (kind is null)
            {
                skipped.Add(new MeterImportSkip(meter.DeviceId, meter.Metric, null, meter.Metric == MetricCodes.SteamMass
                    ? "Purchased steam is not imported: no heat/steam emission factor is shipped in the factor libraries."
                    : "Gas volume in m3 at line conditions cannot be converted to Nm3 without temperature and pressure; set gasMetersReportNormalVolume if these meters report corrected volume."));
                meters.Add(new MeterImportMeter(meter.DeviceId, meter.DeviceName, meter.DeviceType, meter.Metric, meter.Unit, null, [], []));
                continue;
            }

            foreach (var month in months)
            {
                if (!values.TryGetValue((meter.DeviceId, meter.Metric, month), out var value))
                {
                    missing.Add(Text(month));
                    continue;
                }

                var quantity = Quantity(value.Sum);
                if (quantity < 0)
                {
                    skipped.Add(new MeterImportSkip(meter.DeviceId, meter.Metric, Text(month), $"The rollup's consumption is negative ({value.Sum}); check the register."));
                    continue;
                }

                var unit = kind == ActivityKind.PurchasedElectricity ? meter.Unit : "Nm3";
                planned.Add(new Planned(meter.DeviceId, meter.Metric, month, kind.Value, kind == ActivityKind.StationaryCombustion ? NaturalGasFuel : null, quantity, unit,
                    $"{meter.DeviceName}: {meter.Metric} {Text(month)}, {value.Count} readings"));
                imported.Add(Text(month));
            }

            meters.Add(new MeterImportMeter(meter.DeviceId, meter.DeviceName, meter.DeviceType, meter.Metric, meter.Unit, kind.ToString(), imported, missing));
        }

        // Self-consumed PV per month = generation of every inverter - export of every meter; both must be known.
        var inverters = rollups.Meters.Where(m => m.Metric == MetricCodes.PvGeneration).ToList();
        var exportMeters = rollups.Meters.Where(m => m.Metric == MetricCodes.EnergyExport).ToList();
        if (inverters.Count > 0)
        {
            var imported = new List<string>();
            var missing = new List<string>();
            foreach (var month in months)
            {
                var generation = inverters.Select(i => values.GetValueOrDefault((i.DeviceId, i.Metric, month))).ToList();
                var export = exportMeters.Select(e => values.GetValueOrDefault((e.DeviceId, e.Metric, month))).ToList();
                if (generation.Any(g => g is null))
                {
                    missing.Add(Text(month));
                    continue;
                }

                if (export.All(e => e is null))
                {
                    missing.Add(Text(month));
                    skipped.Add(new MeterImportSkip(null, SelfConsumedPvMetric, Text(month),
                        "PV generation is known but no meter reported energy_export for the month, so self-consumption cannot be determined."));
                    continue;
                }

                var quantity = Quantity(generation.Sum(g => g!.Sum)) - Quantity(export.Where(e => e is not null).Sum(e => e!.Sum));
                if (quantity < 0)
                {
                    skipped.Add(new MeterImportSkip(null, SelfConsumedPvMetric, Text(month), "Export exceeds PV generation; the export meter also measures other sources."));
                    continue;
                }

                planned.Add(new Planned(null, SelfConsumedPvMetric, month, ActivityKind.SelfConsumedPv, null, quantity, "kWh",
                    $"pv_generation ({string.Join(", ", inverters.Select(i => i.DeviceName))}) - energy_export ({string.Join(", ", exportMeters.Select(e => e.DeviceName))}) {Text(month)}"));
                imported.Add(Text(month));
            }

            meters.Add(new MeterImportMeter(null, string.Join(", ", inverters.Select(i => i.DeviceName)), "site", SelfConsumedPvMetric, "kWh",
                ActivityKind.SelfConsumedPv.ToString(), imported, missing));
        }

        var locks = await ActivityLocks.ForSiteAsync(db, site.Id, cancellationToken);
        var existing = await db.Activities
            .Where(a => a.SiteId == site.Id && a.Source == ActivitySource.Telemetry && a.Month >= first && a.Month <= last)
            .ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(a => (a.SourceDeviceId, a.SourceMetric, a.Month, a.Kind));
        var now = clock.GetUtcNow().UtcDateTime;
        int created = 0, updated = 0, unchanged = 0, locked = 0;
        var touched = new List<ActivityRecord>();
        foreach (var p in planned)
        {
            if (byKey.TryGetValue((p.DeviceId, p.Metric, p.Month, p.Kind), out var record))
            {
                if (record.QuantityValue == p.Quantity && record.QuantityUnit == p.Unit)
                {
                    unchanged++;
                }
                else if (locks.IsLocked(p.Month))
                {
                    locked++;
                    skipped.Add(new MeterImportSkip(p.DeviceId, p.Metric, Text(p.Month),
                        $"The meter now gives {p.Quantity} {p.Unit} but the record ({record.QuantityValue} {record.QuantityUnit}) is locked by a submitted or approved inventory."));
                }
                else
                {
                    record.QuantityValue = p.Quantity;
                    record.QuantityUnit = p.Unit;
                    record.Note = p.Note;
                    record.UpdatedAt = now;
                    updated++;
                }

                touched.Add(record);
                continue;
            }

            record = new ActivityRecord
            {
                Id = Guid.CreateVersion7(), OrganisationId = site.OrganisationId, SiteId = site.Id, DistrictId = site.DistrictId, TownId = site.TownId,
                Month = p.Month, Kind = p.Kind, ActivityCode = p.ActivityCode, QuantityValue = p.Quantity, QuantityUnit = p.Unit, Source = ActivitySource.Telemetry,
                Note = p.Note, CreatedAt = now, CreatedBy = actor.Current.AuditName, SourceDeviceId = p.DeviceId, SourceMetric = p.Metric,
            };
            db.Activities.Add(record);
            touched.Add(record);
            created++;
        }

        if (created + updated > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await ledger.AppendAsync(db, new LedgerRecord($"carbon-site/{site.Id}", "ActivitiesImportedFromMeters", new JsonObject
            {
                ["siteId"] = site.Id.ToString(),
                ["from"] = Text(first),
                ["to"] = Text(last),
                ["created"] = created,
                ["updated"] = updated,
                ["records"] = new JsonArray(touched.Where(r => r.CreatedAt == now || r.UpdatedAt == now)
                    .Select(r => (JsonNode)new JsonObject
                    {
                        ["id"] = r.Id.ToString(),
                        ["month"] = Text(r.Month),
                        ["kind"] = r.Kind.ToString(),
                        ["quantity"] = r.QuantityValue,
                        ["unit"] = r.QuantityUnit,
                        ["device"] = r.SourceDeviceId?.ToString(),
                        ["metric"] = r.SourceMetric,
                    }).ToArray()),
                ["by"] = actor.Current.AuditName,
            }, site.OrganisationId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Ok(new MeterImportReport(site.Id.Value, Text(first), Text(last), rollups.TimeZone, created, updated, unchanged, locked, meters, skipped,
            touched.OrderBy(r => r.Month).ThenBy(r => r.Kind).ThenBy(r => r.SourceMetric, StringComparer.Ordinal).Select(ActivityEndpoints.ToResponse).ToList()));
    }

    /// <summary>Rollup sums are doubles; activity quantities are exact decimals, kept to 3 decimal places (Wh for kWh, dm3 for m3).</summary>
    private static decimal Quantity(double sum) => Math.Round((decimal)sum, 3, MidpointRounding.AwayFromZero);

    private static DateOnly? Month(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)
            || !DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            || month.Year < 2000)
        {
            errors.Add(field, "Give the month as yyyy-MM, for example 2022-03.");
            return null;
        }

        return month;
    }

    private static string Text(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private sealed record Planned(Guid? DeviceId, string Metric, DateOnly Month, ActivityKind Kind, string? ActivityCode, decimal Quantity, string Unit, string Note);
}
