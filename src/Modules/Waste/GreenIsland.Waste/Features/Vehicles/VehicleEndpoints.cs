using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Vehicles;

internal sealed record CompartmentRequest(int? CapacityKg, IReadOnlyList<int>? Groups);

internal sealed record VehicleRequest(string? Plate, string? PermitNumber, IReadOnlyList<string>? Categories, int? CapacityKg,
    IReadOnlyList<CompartmentRequest>? Compartments, string? ShiftStart, string? ShiftEnd, Guid? DepotSiteId, bool? IsActive);

internal sealed record VehicleCompartmentResponse(int Position, int CapacityKg, IReadOnlyList<int> Groups);

internal sealed record VehicleResponse(Guid Id, Guid CollectorId, string Plate, string PermitNumber, IReadOnlyList<string> Categories, int CapacityKg,
    IReadOnlyList<VehicleCompartmentResponse> Compartments, string ShiftStart, string ShiftEnd, Guid DepotSiteId, double DepotLatitude, double DepotLongitude, bool IsActive);

internal static class VehicleEndpoints
{
    public static IEndpointRouteBuilder MapVehicles(this IEndpointRouteBuilder api)
    {
        api.MapGet("/vehicles", ListAsync)
            .WithName("ListWasteVehicles").WithSummary("The collector's vehicles (regulators: the collectors in their jurisdiction).")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/vehicles", CreateAsync)
            .WithName("CreateWasteVehicle").WithSummary("Registers a vehicle of the caller's collection company (dispatchers).")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPut("/vehicles/{id:guid}", UpdateAsync)
            .WithName("UpdateWasteVehicle").WithSummary("Changes a vehicle: permit, categories, capacity, compartments, shift, depot, active.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<List<VehicleResponse>>> ListAsync(WasteDbContext db, CancellationToken cancellationToken)
    {
        var vehicles = await db.Set<Vehicle>().AsNoTracking().Include(v => v.Compartments).OrderBy(v => v.Plate).Take(1_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(vehicles.Select(Response).ToList());
    }

    private static async Task<Results<Created<VehicleResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        VehicleRequest request, WasteDbContext db, ILedger ledger, IActorContext actors, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.CollectorDispatcher))
        {
            return WasteProblems.Forbidden("Only a collection company's dispatchers register its vehicles.");
        }

        var (spec, depot, errors) = await ValidateAsync(request, db, actor, cancellationToken);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        if (await db.Set<Vehicle>().AnyAsync(v => v.OrganisationId == actor.OrganisationId && v.Plate == spec!.Plate, cancellationToken))
        {
            return WasteProblems.Validation("plate", "The company already has a vehicle with this plate.");
        }

        var collector = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(o => o.Id == actor.OrganisationId, cancellationToken);
        var vehicle = Vehicle.Register(actor.OrganisationId, collector.DistrictId, collector.TownId, spec!, depot!, clock.GetUtcNow().UtcDateTime, actor.AuditName);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(vehicle);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"vehicle/{vehicle.Id}", "VehicleRegistered", Payload(vehicle, actor), vehicle.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/vehicles/{vehicle.Id}", Response(vehicle));
    }

    private static async Task<Results<Ok<VehicleResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, VehicleRequest request, WasteDbContext db, ILedger ledger, IActorContext actors, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var vehicle = await db.Set<Vehicle>().Include(v => v.Compartments).SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vehicle is null)
        {
            return WasteProblems.NotFound("No such vehicle.");
        }

        if (!(actor.IsInRole(PlatformRoles.CollectorDispatcher) && actor.OrganisationId == vehicle.OrganisationId))
        {
            return WasteProblems.Forbidden("Only the company's dispatchers change its vehicles.");
        }

        var (spec, depot, errors) = await ValidateAsync(request, db, actor, cancellationToken);
        if (!errors.Any && await db.Set<Vehicle>().AnyAsync(v => v.OrganisationId == vehicle.OrganisationId && v.Plate == spec!.Plate && v.Id != id, cancellationToken))
        {
            errors.Add("plate", "The company already has a vehicle with this plate.");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.RemoveRange(vehicle.Compartments);
        await db.SaveChangesAsync(cancellationToken);
        vehicle.Update(spec!, depot!);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"vehicle/{vehicle.Id}", "VehicleChanged", Payload(vehicle, actor), vehicle.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(Response(vehicle));
    }

    private static async Task<(VehicleSpec? Spec, PlatformSiteView? Depot, FieldErrors Errors)> ValidateAsync(VehicleRequest request, WasteDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("plate", request.Plate, Vehicle.PlateMaxLength);
        errors.Required("permitNumber", request.PermitNumber, Vehicle.PermitMaxLength);
        var categories = new List<int>();
        if (request.Categories is not { Count: > 0 })
        {
            errors.Add("categories", "List the HW categories the transport permit covers, e.g. [\"HW08\", \"HW49\"].");
        }
        else
        {
            foreach (var c in request.Categories)
            {
                if (ParseCategory(c) is { } n)
                {
                    categories.Add(n);
                }
                else
                {
                    errors.Add("categories", $"'{c}' is not a category of the National Hazardous Waste List (HW01-HW40, HW45-HW50).");
                }
            }
        }

        if (request.CapacityKg is not (> 0 and <= 60_000))
        {
            errors.Add("capacityKg", "Give the payload in whole kilograms, between 1 and 60000.");
        }

        var compartments = new List<(int, IReadOnlyList<int>)>();
        if (request.Compartments is { Count: > 8 })
        {
            errors.Add("compartments", "At most 8 compartments.");
        }
        else if (request.Compartments is { Count: > 0 } list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].CapacityKg is not (> 0 and <= 60_000))
                {
                    errors.Add($"compartments[{i}].capacityKg", "Give the compartment's payload in whole kilograms (1-60000).");
                }
                else if (list[i].Groups is { } groups && groups.Any(g => !Enum.IsDefined((Domain.CompatibilityGroup)g)))
                {
                    errors.Add($"compartments[{i}].groups", "Use the compatibility groups' values (0 General ... 8 Combustible, EPA Appendix V).");
                }
                else
                {
                    compartments.Add((list[i].CapacityKg!.Value, list[i].Groups ?? []));
                }
            }

            if (request.CapacityKg is { } total && compartments.Sum(c => c.Item1) > total)
            {
                errors.Add("compartments", "The compartments together cannot carry more than the vehicle's payload.");
            }
        }

        var start = ParseTime(request.ShiftStart);
        var end = ParseTime(request.ShiftEnd);
        if (start is null)
        {
            errors.Add("shiftStart", "Give the shift start as HH:mm (China Standard Time).");
        }

        if (end is null)
        {
            errors.Add("shiftEnd", "Give the shift end as HH:mm (China Standard Time).");
        }
        else if (start is not null && end <= start)
        {
            errors.Add("shiftEnd", "The shift must end after it starts on the same day.");
        }

        PlatformSiteView? depot = null;
        if (request.DepotSiteId is not { } depotId)
        {
            errors.Add("depotSiteId", "Name the company's site the vehicle starts from.");
        }
        else
        {
            depot = await db.Set<PlatformSiteView>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == new Platform.Contracts.Identifiers.SiteId(depotId), cancellationToken);
            if (depot is null || depot.OrganisationId != actor.OrganisationId)
            {
                errors.Add("depotSiteId", "The depot must be a site of your company.");
                depot = null;
            }
        }

        var spec = errors.Any ? null : new VehicleSpec(request.Plate!.Trim(), request.PermitNumber!.Trim(), categories, request.CapacityKg!.Value, compartments,
            start!.Value, end!.Value, request.IsActive ?? true);
        return (spec, depot, errors);
    }

    internal static int? ParseCategory(string? text) =>
        text is { Length: 4 } && text.StartsWith("HW", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is (>= 1 and <= 40) or (>= 45 and <= 50)
            ? n
            : null;

    internal static string CategoryName(int n) => "HW" + n.ToString("D2", CultureInfo.InvariantCulture);

    private static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    private static VehicleResponse Response(Vehicle v) => new(v.Id, v.OrganisationId.Value, v.Plate, v.PermitNumber, v.Categories.Select(CategoryName).ToList(), v.CapacityKg,
        v.Compartments.OrderBy(c => c.Position).Select(c => new VehicleCompartmentResponse(c.Position, c.CapacityKg, Vehicle.ParseList(c.AllowedGroups))).ToList(),
        v.ShiftStart.ToString("HH:mm", CultureInfo.InvariantCulture), v.ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture),
        v.DepotSiteId.Value, v.DepotLatitude, v.DepotLongitude, v.IsActive);

    private static JsonObject Payload(Vehicle v, Actor actor) => new()
    {
        ["plate"] = v.Plate,
        ["permitNumber"] = v.PermitNumber,
        ["categories"] = v.PermittedCategories,
        ["capacityKg"] = v.CapacityKg,
        ["compartments"] = v.Compartments.Count,
        ["isActive"] = v.IsActive,
        ["by"] = actor.AuditName,
    };
}
