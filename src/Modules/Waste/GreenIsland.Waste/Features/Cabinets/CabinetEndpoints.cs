using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Cabinets;

internal sealed record CompartmentInput(int? Number, string? Name, int? CapacityLitres, string? AllowedGroup);

internal sealed record RegisterCabinetRequest(Guid? DeviceId, string? Name, IReadOnlyList<CompartmentInput>? Compartments, double? TemperatureMaxC, double? VocMaxPpm);

internal sealed record CabinetCompartmentResponse(Guid Id, int Number, string Name, int CapacityLitres, string? AllowedGroup, int StoredContainers, int StoredLitres);

internal sealed record CabinetResponse(Guid Id, Guid OrganisationId, string OrganisationName, Guid SiteId, string SiteName, double Latitude, double Longitude,
    Guid DeviceId, string Name, double? FillRatio, double? TemperatureC, double? VocPpm, DateTime? LastReadingAt, bool? Online, bool FillArmed,
    double? TemperatureMaxC, double? VocMaxPpm, int StoredContainers, int OpenAlerts, Guid? ActivePickupRequestId, IReadOnlyList<CabinetCompartmentResponse> Compartments,
    DateTime CreatedAt);

internal static class CabinetEndpoints
{
    public static IEndpointRouteBuilder MapCabinets(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cabinets", ListAsync)
            .WithName("ListWasteCabinets")
            .WithSummary("Cabinets the caller may see with their latest fill, temperature, VOC, online state, compartments and open alerts.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/cabinets/{id:guid}", GetAsync)
            .WithName("GetWasteCabinet")
            .WithSummary("One cabinet.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/cabinets", RegisterAsync)
            .WithName("RegisterWasteCabinet")
            .WithSummary("Registers a Telemetry storage-cabinet device of the caller's enterprise as a waste cabinet with its compartments (capacity in litres, allowed compatibility group).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<List<CabinetResponse>>> ListAsync(Guid? siteId, Guid? organisationId, WasteDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Set<Cabinet>().AsNoTracking().Include(c => c.Compartments).AsQueryable();
        if (siteId is { } s)
        {
            query = query.Where(c => c.SiteId == new SiteId(s));
        }

        if (organisationId is { } o)
        {
            query = query.Where(c => c.OrganisationId == new OrganisationId(o));
        }

        var cabinets = await query.OrderBy(c => c.CreatedAt).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToResponsesAsync(db, cabinets, cancellationToken));
    }

    private static async Task<Results<Ok<CabinetResponse>, ProblemHttpResult>> GetAsync(Guid id, WasteDbContext db, CancellationToken cancellationToken)
    {
        var cabinet = await db.Set<Cabinet>().AsNoTracking().Include(c => c.Compartments).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return cabinet is null
            ? WasteProblems.NotFound("No cabinet you can see has this id.")
            : TypedResults.Ok((await ToResponsesAsync(db, [cabinet], cancellationToken))[0]);
    }

    private static async Task<Results<Created<CabinetResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(RegisterCabinetRequest request, WasteDbContext db,
        WasteLedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        TelemetryDeviceView? device = null;
        if (request.DeviceId is not { } deviceId)
        {
            errors.Add("deviceId", "This field is required.");
        }
        else
        {
            device = await db.Set<TelemetryDeviceView>().AsNoTracking().SingleOrDefaultAsync(d => d.DeviceId == new DeviceId(deviceId), cancellationToken);
            if (device is null || !WasteAccess.CanActForGenerator(actor.Current, device.OrganisationId))
            {
                errors.Add("deviceId", "No device of your enterprise has this id (register it and set its Telemetry type first).");
                device = null;
            }
            else if (device.Type != TelemetryDeviceView.StorageCabinet)
            {
                errors.Add("deviceId", $"The device is a {device.Type}; only StorageCabinet devices can be cabinets.");
                device = null;
            }
            else if (await db.Set<Cabinet>().IgnoreQueryFilters().AnyAsync(c => c.DeviceId == device.DeviceId, cancellationToken))
            {
                errors.Add("deviceId", "This device is already registered as a cabinet.");
                device = null;
            }
        }

        errors.Required("name", request.Name, Cabinet.NameMaxLength);
        if (request.TemperatureMaxC is < -50 or > 100)
        {
            errors.Add("temperatureMaxC", "Give a temperature between -50 and 100 °C.");
        }

        if (request.VocMaxPpm is <= 0 or > 100_000)
        {
            errors.Add("vocMaxPpm", "Give a positive VOC limit in ppm (at most 100000).");
        }

        var compartments = new List<CabinetCompartment>();
        if (request.Compartments is not { Count: > 0 } inputs)
        {
            errors.Add("compartments", "A cabinet has at least one compartment.");
        }
        else if (inputs.Count > 50)
        {
            errors.Add("compartments", "At most 50 compartments.");
        }
        else
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var field = $"compartments[{i}]";
                var number = input.Number ?? i + 1;
                if (number is < 1 or > 99)
                {
                    errors.Add($"{field}.number", "Numbers run from 1 to 99.");
                }
                else if (compartments.Any(c => c.Number == number))
                {
                    errors.Add($"{field}.number", $"Compartment {number} is listed twice.");
                }

                if (input.CapacityLitres is not ({ } capacity and > 0 and <= 10_000))
                {
                    errors.Add($"{field}.capacityLitres", "Give the capacity in litres (1 to 10000).");
                }

                CompatibilityGroup? group = null;
                if (input.AllowedGroup is not null)
                {
                    if (!Enum.TryParse<CompatibilityGroup>(input.AllowedGroup, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(input.AllowedGroup, out _))
                    {
                        errors.Add($"{field}.allowedGroup", $"Use one of: {string.Join(", ", Enum.GetNames<CompatibilityGroup>())}.");
                    }
                    else
                    {
                        group = parsed;
                    }
                }

                errors.MaxLength($"{field}.name", input.Name, 50);
                compartments.Add(new CabinetCompartment
                {
                    Id = Guid.CreateVersion7(),
                    Number = number,
                    Name = string.IsNullOrWhiteSpace(input.Name) ? $"{number}号仓" : input.Name.Trim(),
                    CapacityLitres = input.CapacityLitres ?? 0,
                    AllowedGroup = group,
                });
            }
        }

        if (errors.Any || device is null)
        {
            return WasteProblems.Validation(errors);
        }

        var site = await db.Set<PlatformSiteView>().AsNoTracking().SingleAsync(s => s.Id == device.SiteId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var cabinet = new Cabinet
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = site.OrganisationId,
            SiteId = site.Id,
            DistrictId = site.DistrictId,
            TownId = site.TownId,
            DeviceId = device.DeviceId,
            Name = request.Name!.Trim(),
            TemperatureMaxC = request.TemperatureMaxC,
            VocMaxPpm = request.VocMaxPpm,
            CreatedAt = now,
            CreatedBy = actor.Current.AuditName,
        };
        foreach (var compartment in compartments)
        {
            compartment.CabinetId = cabinet.Id;
            cabinet.Compartments.Add(compartment);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(cabinet);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(WasteLedger.Cabinet(cabinet.Id), "CabinetRegistered", cabinet.OrganisationId, new JsonObject
        {
            ["cabinetId"] = cabinet.Id,
            ["deviceId"] = cabinet.DeviceId.Value,
            ["siteId"] = cabinet.SiteId.Value,
            ["name"] = cabinet.Name,
            ["compartments"] = new JsonArray(cabinet.Compartments.OrderBy(c => c.Number).Select(c => (JsonNode)new JsonObject
            {
                ["number"] = c.Number,
                ["capacityLitres"] = c.CapacityLitres,
                ["allowedGroup"] = c.AllowedGroup?.ToString(),
            }).ToArray()),
            ["actor"] = actor.Current.AuditName,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/cabinets/{cabinet.Id}", (await ToResponsesAsync(db, [cabinet], cancellationToken))[0]);
    }

    internal static async Task<List<CabinetResponse>> ToResponsesAsync(WasteDbContext db, IReadOnlyList<Cabinet> cabinets, CancellationToken cancellationToken)
    {
        var ids = cabinets.Select(c => c.Id).ToList();
        var siteIds = cabinets.Select(c => c.SiteId).Distinct().ToList();
        var orgIds = cabinets.Select(c => c.OrganisationId).Distinct().ToList();
        var sites = await db.Set<PlatformSiteView>().AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var orgs = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var stored = await db.Set<WasteContainer>().IgnoreQueryFilters().Where(c => ids.Contains(c.CabinetId) && c.State == ContainerState.Stored)
            .Select(c => new { c.CabinetId, c.CompartmentId, c.VolumeLitres }).ToListAsync(cancellationToken);
        var alerts = await db.Set<WasteAlert>().IgnoreQueryFilters().Where(a => a.CabinetId != null && ids.Contains(a.CabinetId.Value) && a.Status != AlertStatus.Closed)
            .GroupBy(a => a.CabinetId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count, cancellationToken);
        var active = await db.Set<PickupRequest>().IgnoreQueryFilters()
            .Where(r => r.CabinetId != null && ids.Contains(r.CabinetId.Value) && (r.Status == PickupRequestStatus.Open || r.Status == PickupRequestStatus.Planned))
            .ToDictionaryAsync(r => r.CabinetId!.Value, r => r.Id, cancellationToken);
        return cabinets.Select(c =>
        {
            var site = sites.GetValueOrDefault(c.SiteId);
            return new CabinetResponse(c.Id, c.OrganisationId.Value, orgs.GetValueOrDefault(c.OrganisationId, "?"), c.SiteId.Value, site?.Name ?? "?", site?.Latitude ?? 0,
                site?.Longitude ?? 0, c.DeviceId.Value, c.Name, c.FillRatio, c.TemperatureC, c.VocPpm, c.LastReadingAt, c.Online, c.FillArmed, c.TemperatureMaxC, c.VocMaxPpm,
                stored.Count(s => s.CabinetId == c.Id), alerts.GetValueOrDefault(c.Id), active.TryGetValue(c.Id, out var r) ? r : null,
                c.Compartments.OrderBy(x => x.Number).Select(x => new CabinetCompartmentResponse(x.Id, x.Number, x.Name, x.CapacityLitres, x.AllowedGroup?.ToString(),
                    stored.Count(s => s.CompartmentId == x.Id), stored.Where(s => s.CompartmentId == x.Id).Sum(s => s.VolumeLitres))).ToList(),
                c.CreatedAt);
        }).ToList();
    }
}
