using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Domain.Warehouse;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Warehouse;

internal sealed record LossRequest(Guid? ContainerId, decimal? WeightKg, string? Kind, string? Reason, DateTimeOffset? At);

internal sealed record ShipmentRequest(Guid? ReceiverId, IReadOnlyList<Guid>? ContainerIds, Guid? VehicleId);

/// <summary>
/// A container in the collector's custody. The waste is read from the manifest line it was collected on; a container
/// already drawn onto a shipment to a disposal facility (not cancelled, not yet received there) names that manifest.
/// </summary>
internal sealed record StockItem(Guid ContainerId, string ContainerCode, Guid GeneratorId, decimal WeightKg, bool InWarehouse, DateTime Since, string? WasteCode,
    string? WasteName, string? Category, Guid? ShipmentManifestId, string? ShipmentNumber, string? ShipmentStatus);

/// <summary>A disposal facility the collector may ship to; those in the collector's own district come first.</summary>
internal sealed record ShipmentReceiverResponse(Guid Id, string Name, bool InDistrict);

internal sealed record MovementResponse(Guid Id, Guid ContainerId, string ContainerCode, Guid GeneratorId, string Kind, decimal WeightKg, DateTime At, Guid? ManifestId,
    string? Reason, string RecordedBy);

internal sealed record ContainerBalanceResponse(Guid ContainerId, string ContainerCode, decimal OpeningStockKg, decimal CollectedKg, decimal DeliveredKg, decimal LossesKg,
    decimal ClosingStockKg, decimal UnexplainedKg, bool Holds);

internal sealed record BalanceResponse(Guid CollectorId, DateOnly? From, DateOnly? To, decimal OpeningStockKg, decimal CollectedKg, decimal DeliveredKg, decimal LossesKg,
    decimal ClosingStockKg, decimal UnexplainedKg, bool Holds, IReadOnlyList<ContainerBalanceResponse> Containers);

internal static class WarehouseEndpoints
{
    public static IEndpointRouteBuilder MapWarehouse(this IEndpointRouteBuilder api)
    {
        api.MapGet("/warehouse/stock", StockAsync)
            .WithName("GetWarehouseStock").WithSummary("Containers in the collector's custody (on vehicles or in the transfer warehouse) with their current weight.")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/warehouse/movements", MovementsAsync)
            .WithName("ListWarehouseMovements").WithSummary("Collections, warehouse receipts, deliveries and losses, newest first (optional from/to dates, China Standard Time).")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/warehouse/balance", BalanceAsync)
            .WithName("GetWarehouseMassBalance").WithSummary("Mass balance per container and in total: opening stock + collected = closing stock + delivered + losses.")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/warehouse/losses", LossAsync)
            .WithName("RecordWarehouseLoss").WithSummary("Records a loss from stock (Loss) or explains a weighing difference (WeighingDifference), with a reason.")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/warehouse/receivers", ReceiversAsync)
            .WithName("ListShipmentReceivers").WithSummary("Disposal facilities a shipment from the transfer warehouse can go to (the collector's district first).")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/warehouse/shipments", ShipAsync)
            .WithName("ShipFromWarehouse")
            .WithSummary("Ships containers in stock from the transfer warehouse to a disposal facility in one step: draws up the manifest and signs it as consignor "
                + "and as carrier at the server's time, in one transaction (the manifest is in transit). Collector's dispatchers only. Needs Idempotency-Key: "
                + "a retry with the same key returns the first answer and ships nothing twice.")
            .WithTags("Waste warehouse").RequireTenancy(TenancyRule.OrganisationScoped)
            .Produces<ManifestResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    private static async Task<Results<Ok<List<StockItem>>, ProblemHttpResult>> StockAsync(WasteDbContext db, IActorContext actors, Guid? collectorId, CancellationToken cancellationToken)
    {
        var movements = await MovementsOfAsync(db, actors.Current, collectorId, null, null, cancellationToken);
        var stock = movements.GroupBy(m => m.ContainerId).Select(g =>
        {
            var ordered = g.OrderBy(m => m.At).ThenBy(m => m.Kind).ToList();
            var grams = MassBalance.Stock(ordered.Select(m => m.ToFact()));
            return new { g.Key, Last = ordered[^1], Grams = grams, InWarehouse = ordered.Any(m => m.Kind == MovementKind.ReceivedAtWarehouse), Since = ordered[0].At };
        }).Where(x => x.Grams > 0 && x.Last.Kind != MovementKind.Delivered).ToList();

        var collector = new OrganisationId(collectorId ?? actors.Current.OrganisationId.Value);
        var ids = stock.Select(x => x.Key).ToList();
        var lines = await db.Set<ManifestContainer>().AsNoTracking().Where(c => ids.Contains(c.ContainerId))
            .Join(db.Set<Manifest>().Where(m => m.CarrierId == collector), c => c.ManifestId, m => m.Id, (c, m) => new { c.ContainerId, c.ManifestId, c.LineNo, m.Number, m.Status, m.ReceiverId, m.CreatedAt })
            .Join(db.Set<ManifestLine>(), x => new { x.ManifestId, x.LineNo }, l => new { l.ManifestId, l.LineNo },
                (x, l) => new { x.ContainerId, x.ManifestId, x.Number, x.Status, x.ReceiverId, x.CreatedAt, l.WasteCode, l.WasteName, l.Category })
            .ToListAsync(cancellationToken);
        var byContainer = lines.GroupBy(l => l.ContainerId).ToDictionary(g => g.Key, g => g.OrderBy(l => l.CreatedAt).ToList());
        var items = stock.Select(x =>
        {
            var manifests = byContainer.GetValueOrDefault(x.Key) ?? [];
            var waste = manifests.FirstOrDefault();
            var shipment = manifests.LastOrDefault(m => m.ReceiverId != collector && m.Status != ManifestStatus.Cancelled);
            return new StockItem(x.Key, x.Last.ContainerCode, x.Last.GeneratorId.Value, Weight.ToKilograms(x.Grams), x.InWarehouse, x.Since, waste?.WasteCode, waste?.WasteName,
                waste?.Category, x.InWarehouse ? shipment?.ManifestId : null, x.InWarehouse ? shipment?.Number : null, x.InWarehouse ? shipment?.Status.ToString() : null);
        }).OrderBy(x => x.ContainerCode, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<List<ShipmentReceiverResponse>>, ProblemHttpResult>> ReceiversAsync(WasteDbContext db, IActorContext actors, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.CollectorDispatcher))
        {
            return WasteProblems.Forbidden("Only the collector's dispatchers ship from its warehouse.");
        }

        // Disposal facilities are the public counterparties of a shipment (licensed receivers), so any of them may be named.
        var district = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => o.Id == actor.OrganisationId).Select(o => o.DistrictId).SingleAsync(cancellationToken);
        var facilities = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => o.Type == OrganisationType.DisposalFacility).ToListAsync(cancellationToken);
        return TypedResults.Ok(facilities.Select(o => new ShipmentReceiverResponse(o.Id.Value, o.Name, o.DistrictId == district))
            .OrderBy(o => !o.InDistrict).ThenBy(o => o.Name, StringComparer.Ordinal).ToList());
    }

    private static async Task<Ok<List<MovementResponse>>> MovementsAsync(WasteDbContext db, IActorContext actors, Guid? collectorId, DateOnly? from, DateOnly? to,
        CancellationToken cancellationToken)
    {
        var movements = await MovementsOfAsync(db, actors.Current, collectorId, from, to, cancellationToken);
        return TypedResults.Ok(movements.OrderByDescending(m => m.At).Take(2_000).Select(m => new MovementResponse(m.Id, m.ContainerId, m.ContainerCode, m.GeneratorId.Value,
            m.Kind.ToString(), Weight.ToKilograms(m.WeightG), m.At, m.ManifestId, m.Reason, m.RecordedBy)).ToList());
    }

    private static async Task<Results<Ok<BalanceResponse>, ValidationProblem>> BalanceAsync(WasteDbContext db, IActorContext actors, Guid? collectorId, DateOnly? from, DateOnly? to,
        CancellationToken cancellationToken)
    {
        if (from is { } f && to is { } t && t < f)
        {
            return WasteProblems.Validation("to", "The period ends before it starts.");
        }

        // The balance needs every movement up to the end of the period (opening stock), so no lower bound here.
        var movements = await MovementsOfAsync(db, actors.Current, collectorId, null, to, cancellationToken);
        var report = MassBalance.Compute(movements.Select(m => m.ToFact()), from is { } a ? WasteTime.StartOfDayUtc(a) : null,
            to is { } b ? WasteTime.StartOfDayUtc(b.AddDays(1)) : null);
        var collector = collectorId ?? actors.Current.OrganisationId.Value;
        return TypedResults.Ok(new BalanceResponse(collector, from, to, Kg(report.OpeningStockG), Kg(report.CollectedG), Kg(report.DeliveredG), Kg(report.LossesG),
            Kg(report.ClosingStockG), Kg(report.UnexplainedG), report.Holds,
            report.Containers.Select(c => new ContainerBalanceResponse(c.ContainerId, c.ContainerCode, Kg(c.OpeningStockG), Kg(c.CollectedG), Kg(c.DeliveredG), Kg(c.LossesG),
                Kg(c.ClosingStockG), Kg(c.UnexplainedG), c.Holds)).ToList()));
    }

    private static async Task<Results<Created<MovementResponse>, ValidationProblem, ProblemHttpResult>> LossAsync(LossRequest request, WasteDbContext db, IActorContext actors,
        ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.CollectorDispatcher))
        {
            return WasteProblems.Forbidden("Only the collector's dispatchers record losses.");
        }

        var errors = new FieldErrors();
        var now = clock.GetUtcNow().UtcDateTime;
        if (Weight.CheckPositiveKilograms(request.WeightKg) is { } bad)
        {
            errors.Add("weightKg", bad, "WeightInvalid");
        }

        if (!Enum.TryParse<MovementKind>(request.Kind, ignoreCase: false, out var kind) || kind is not (MovementKind.Loss or MovementKind.WeighingDifference))
        {
            errors.Add("kind", "Use Loss (taken from stock) or WeighingDifference (explains a lighter weighing).", "LossKindUnknown");
        }

        errors.Required("reason", request.Reason, WarehouseMovement.ReasonMaxLength);
        var at = ManifestEndpoints.Instant(request.At, "at", errors);
        if (at > now)
        {
            errors.Add("at", "A loss cannot be dated in the future.", "InFuture");
        }

        var history = request.ContainerId is { } id
            ? await db.Set<WarehouseMovement>().Where(m => m.ContainerId == id && m.OrganisationId == actor.OrganisationId).ToListAsync(cancellationToken)
            : [];
        if (request.ContainerId is null || history.Count == 0)
        {
            errors.Add("containerId", "Name a container in your custody.", "ContainerNotInCustody");
        }
        else if (!errors.Any)
        {
            var upTo = history.Where(m => m.At <= at).Select(m => m.ToFact()).ToList();
            var stock = MassBalance.Stock(upTo);
            var balance = MassBalance.Compute(upTo, null, null);
            var grams = Weight.ToGrams(request.WeightKg!.Value);
            if (kind == MovementKind.Loss && grams > stock)
            {
                errors.Add("weightKg", $"The container held {Weight.ToKilograms(stock)} kg at that time; a loss cannot exceed it.", "LossExceedsStock");
            }
            else if (kind == MovementKind.WeighingDifference && grams > balance.UnexplainedG)
            {
                errors.Add("weightKg", $"Only {Weight.ToKilograms(Math.Max(0, balance.UnexplainedG))} kg of weighing difference is unexplained for this container.", "LossExceedsUnexplained");
            }
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        var first = history[0];
        var movement = WarehouseMovement.Record(actor.OrganisationId, first.DistrictId, first.TownId, first.GeneratorId, first.ContainerId, first.ContainerCode, kind,
            Weight.ToGrams(request.WeightKg!.Value), at!.Value, null, request.Reason!.Trim(), now, actor.AuditName);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(movement);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"warehouse/{actor.OrganisationId}", "WarehouseLossRecorded", new JsonObject
        {
            ["containerId"] = movement.ContainerId.ToString(),
            ["containerCode"] = movement.ContainerCode,
            ["kind"] = kind.ToString(),
            ["weightKg"] = Weight.ToKilograms(movement.WeightG),
            ["reason"] = movement.Reason,
            ["by"] = actor.AuditName,
        }, actor.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/warehouse/movements/{movement.Id}", new MovementResponse(movement.Id, movement.ContainerId, movement.ContainerCode,
            movement.GeneratorId.Value, movement.Kind.ToString(), Weight.ToKilograms(movement.WeightG), movement.At, null, movement.Reason, movement.RecordedBy));
    }

    private static async Task<IResult> ShipAsync(ShipmentRequest request, HttpContext http, WasteDbContext db, IActorContext actors, ManifestRecorder recorder,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.CollectorDispatcher) || actor.Kind != ActorKind.User)
        {
            return WasteProblems.Forbidden("Only the collector's dispatchers ship from its warehouse.");
        }

        // Drawing up and both signatures run inside the idempotency transaction: a refusal at any step (or a lost
        // answer retried with the same key) leaves no half-signed manifest behind.
        return await DriverIdempotency.RunAsync(http, db, actors, clock, "warehouse-shipment",
            () => DrawAndSignAsync(request, db, actor, recorder, clock, cancellationToken), cancellationToken);
    }

    private static async Task<ActionOutcome> DrawAndSignAsync(ShipmentRequest request, WasteDbContext db, Actor actor, ManifestRecorder recorder, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var receiver = request.ReceiverId is { } r
            ? await db.Set<PlatformOrganisationView>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == new OrganisationId(r), cancellationToken)
            : null;
        if (receiver is not { Type: OrganisationType.DisposalFacility })
        {
            errors.Add("receiverId", "Name the disposal facility the containers go to.", "ReceiverNotADisposalFacility");
        }

        var vehicle = request.VehicleId is { } v ? await db.Set<Vehicle>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == v && x.OrganisationId == actor.OrganisationId, cancellationToken) : null;
        if (vehicle is null)
        {
            errors.Add("vehicleId", "Name one of your vehicles.", "VehicleNotYours");
        }

        var ids = request.ContainerIds?.Distinct().ToList() ?? [];
        var movements = ids.Count == 0 ? [] : await db.Set<WarehouseMovement>().Where(m => ids.Contains(m.ContainerId) && m.OrganisationId == actor.OrganisationId).ToListAsync(cancellationToken);
        var inWarehouse = movements.GroupBy(m => m.ContainerId)
            .Where(g => g.OrderBy(m => m.At).ThenBy(m => m.Kind).Last().Kind is not MovementKind.Delivered && g.Any(m => m.Kind == MovementKind.ReceivedAtWarehouse))
            .ToDictionary(g => g.Key, g => MassBalance.Stock(g.Select(m => m.ToFact())));
        if (ids.Count == 0 || ids.Any(id => !inWarehouse.ContainsKey(id) || inWarehouse[id] <= 0))
        {
            errors.Add("containerIds", "List containers that are in your transfer warehouse.", "ContainersNotInWarehouse");
        }

        var shipped = await db.Set<ManifestContainer>().Where(c => ids.Contains(c.ContainerId))
            .Join(db.Set<Manifest>().Where(m => m.CarrierId == actor.OrganisationId && m.ReceiverId != actor.OrganisationId && m.Status != ManifestStatus.Cancelled),
                c => c.ManifestId, m => m.Id, (c, m) => c.ContainerId).AnyAsync(cancellationToken);
        if (shipped)
        {
            errors.Add("containerIds", "A container is already on a shipment manifest.", "ContainerAlreadyShipped");
        }

        if (errors.Any)
        {
            return ManifestEndpoints.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var collector = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(o => o.Id == actor.OrganisationId, cancellationToken);
        var sources = await db.Set<ManifestContainer>().AsNoTracking().Where(c => ids.Contains(c.ContainerId))
            .Join(db.Set<ManifestLine>(), c => new { c.ManifestId, c.LineNo }, l => new { l.ManifestId, l.LineNo }, (c, l) => new { c.ContainerId, c.ContainerCode, Line = l })
            .ToListAsync(cancellationToken);
        var lines = sources.GroupBy(s => s.Line.WasteCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var l = g.First().Line;
            var containers = g.Select(x => x.ContainerId).Distinct().ToList();
            return (Draft: new ManifestLineDraft(g.Key, l.WasteName, l.Category, l.Characteristics, l.PhysicalForm, l.Packaging, containers.Count,
                containers.Sum(c => inWarehouse[c]), Measured: true), Containers: containers);
        }).ToList();
        var number = await Dispatch.DispatchEndpoints.NextNumberAsync(db, collector.DistrictId, now, cancellationToken);
        var manifest = Manifest.Draw(Guid.CreateVersion7(), number, null, new ManifestParties(collector.Id, null, collector.Name, collector.DistrictId, collector.TownId,
            collector.Id, collector.Name, vehicle!.Id, vehicle.Plate, vehicle.PermitNumber, receiver!.Id, receiver.Name), lines.Select(l => l.Draft).ToList(), now, actor.AuditName);
        db.Add(manifest);
        // A container may be on several manifests (its collection, a cancelled shipment): one code each.
        var codes = sources.GroupBy(s => s.ContainerId).ToDictionary(g => g.Key, g => g.First().ContainerCode);
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var c in lines[i].Containers)
            {
                db.Add(ManifestContainer.Of(manifest.Id, c, codes[c], i + 1, inWarehouse[c]));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // The warehouse hands the containers over (consignor) and the vehicle leaves (carrier): both at the server's
        // time, so a client's clock can neither date them in the future nor out of order.
        await recorder.RecordAsync(db, manifest,
        [
            ManifestRecorder.Drawn(manifest),
            manifest.SignByGenerator(now, now, actor.AuditName, GeneratorSignatureMethod.Account),
            manifest.SignByCarrier(now, now, actor.AuditName),
        ], cancellationToken);
        return new ActionOutcome(StatusCodes.Status201Created, await ManifestEndpoints.DetailAsync(db, manifest, clock, cancellationToken));
    }

    /// <summary>A collector's movements: its own for collector users; a named collector's for regulators and the operator (query filters apply).</summary>
    private static async Task<List<WarehouseMovement>> MovementsOfAsync(WasteDbContext db, Actor actor, Guid? collectorId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var collector = new OrganisationId(collectorId ?? actor.OrganisationId.Value);
        var query = db.Set<WarehouseMovement>().AsNoTracking().Where(m => m.OrganisationId == collector);
        if (from is { } f)
        {
            var start = WasteTime.StartOfDayUtc(f);
            query = query.Where(m => m.At >= start);
        }

        if (to is { } t)
        {
            var end = WasteTime.StartOfDayUtc(t.AddDays(1));
            query = query.Where(m => m.At < end);
        }

        return await query.ToListAsync(cancellationToken);
    }

    private static decimal Kg(long grams) => Weight.ToKilograms(grams);
}
