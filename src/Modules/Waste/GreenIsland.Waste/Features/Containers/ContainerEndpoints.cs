using System.Text.Json.Nodes;
using GreenIsland.Documents.Pdf;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Domain.Containers;
using GreenIsland.Waste.Domain.Rules;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.Rules;
using GreenIsland.Waste.Features.Printing;
using GreenIsland.Waste.Features.Streams;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Containers;

internal sealed record DepositContainerRequest(Guid? CabinetId, int? CompartmentNumber, Guid? StreamId, decimal? WeightKg, int? VolumeLitres, DateOnly? GeneratedOn,
    string? MainComponents, string? Precautions);

internal sealed record ContainerResponse(Guid Id, string Code, string QrPayload, Guid OrganisationId, Guid SiteId, Guid CabinetId, string CabinetName, Guid CompartmentId,
    int CompartmentNumber, Guid StreamId, string Edition, string WasteCode, string CategoryCode, string WasteName, string? MainComponents,
    IReadOnlyList<string> Characteristics, string? Precautions, string PhysicalForm, string Packaging, string ProducerName, string? ContactName, string? ContactPhone,
    DateOnly GeneratedOn, decimal WeightKg, decimal? CollectedWeightKg, int VolumeLitres, int LabelSizeMm, string CompatibilityGroup, string State, DateTime DepositedAt,
    DateOnly StorageLimitDate, int StorageDays, int DaysToStorageLimit, string StorageAgeState, Guid? PickupRequestId, DateTime? CollectedAt, DateTime? ReceivedAt,
    DateTime? DisposedAt, DateTime? RefusedAt, string? RefusalReason);

internal static class ContainerEndpoints
{
    public static IEndpointRouteBuilder MapContainers(this IEndpointRouteBuilder api)
    {
        api.MapGet("/containers", ListAsync)
            .WithName("ListWasteContainers")
            .WithSummary("Containers the caller may see, optionally by cabinet, organisation or state, with storage age.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/containers/{id:guid}", GetAsync)
            .WithName("GetWasteContainer")
            .WithSummary("One container with its full HJ 1276 label.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/containers/by-code/{code}", ByCodeAsync)
            .WithName("GetWasteContainerByCode")
            .WithSummary("A container by its identification code (the QR payload).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/containers", DepositAsync)
            .WithName("DepositWasteContainer")
            .WithSummary("Deposits a container of a stream into a cabinet compartment: fills the HJ 1276 label, issues the identification code and starts the storage-age clock. Incompatible wastes in the cabinet, a compartment of another group or a full compartment are refused (nothing is stored; incompatibility raises an alert).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/containers/{id:guid}/label.pdf", LabelPdfAsync)
            .WithName("GetWasteContainerLabelPdf")
            .WithSummary("The printable HJ 1276 label (PDF, size by container volume: <= 50 L 100 mm, 50-450 L 150 mm, >= 450 L 200 mm) with the QR code.")
            .WithTags("Waste")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/containers/{id:guid}/label.png", LabelPngAsync)
            .WithName("GetWasteContainerQrPng")
            .WithSummary("The label's QR code (PNG) encoding the identification code.")
            .WithTags("Waste")
            .Produces(StatusCodes.Status200OK, contentType: "image/png")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<ContainerResponse>>, ValidationProblem>> ListAsync(Guid? cabinetId, Guid? organisationId, string? state, WasteDbContext db,
        TimeProvider clock, IOptions<WasteRulesOptions> options, CancellationToken cancellationToken)
    {
        var query = db.Set<WasteContainer>().AsNoTracking();
        if (cabinetId is { } c)
        {
            query = query.Where(x => x.CabinetId == c);
        }

        if (organisationId is { } o)
        {
            query = query.Where(x => x.OrganisationId == new OrganisationId(o));
        }

        if (state is not null)
        {
            if (!Enum.TryParse<ContainerState>(state, ignoreCase: false, out var s) || !Enum.IsDefined(s) || int.TryParse(state, out _))
            {
                return WasteProblems.Validation("state", $"Use one of: {string.Join(", ", Enum.GetNames<ContainerState>())}.");
            }

            query = query.Where(x => x.State == s);
        }

        var containers = await query.OrderByDescending(x => x.DepositedAt).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToResponsesAsync(db, containers, WasteTime.Today(clock), options.Value, cancellationToken));
    }

    private static async Task<Results<Ok<ContainerResponse>, ProblemHttpResult>> GetAsync(Guid id, WasteDbContext db, TimeProvider clock, IOptions<WasteRulesOptions> options,
        CancellationToken cancellationToken)
    {
        var container = await db.Set<WasteContainer>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return container is null
            ? WasteProblems.NotFound("No container you can see has this id.")
            : TypedResults.Ok((await ToResponsesAsync(db, [container], WasteTime.Today(clock), options.Value, cancellationToken))[0]);
    }

    private static async Task<Results<Ok<ContainerResponse>, ProblemHttpResult>> ByCodeAsync(string code, WasteDbContext db, TimeProvider clock,
        IOptions<WasteRulesOptions> options, CancellationToken cancellationToken)
    {
        var trimmed = code.Trim();
        var container = await db.Set<WasteContainer>().AsNoTracking().SingleOrDefaultAsync(x => x.Code == trimmed, cancellationToken);
        return container is null
            ? WasteProblems.NotFound("No container you can see has this identification code.")
            : TypedResults.Ok((await ToResponsesAsync(db, [container], WasteTime.Today(clock), options.Value, cancellationToken))[0]);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LabelPdfAsync(Guid id, WasteDbContext db, WasteFonts fonts, CancellationToken cancellationToken)
    {
        var container = await db.Set<WasteContainer>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (container is null)
        {
            return WasteProblems.NotFound("No container you can see has this id.");
        }

        PdfFontSet fontSet;
        try
        {
            fontSet = fonts.Get();
        }
        catch (PdfFontException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: WasteFonts.UnavailableTitle);
        }

        return TypedResults.File(ContainerLabel.Render(container, fontSet), "application/pdf", $"label-{container.Code}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LabelPngAsync(Guid id, WasteDbContext db, CancellationToken cancellationToken)
    {
        var container = await db.Set<WasteContainer>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return container is null
            ? WasteProblems.NotFound("No container you can see has this id.")
            : TypedResults.File(ContainerLabel.QrPng(container.Code), "image/png", $"qr-{container.Code}.png");
    }

    private static async Task<Results<Created<ContainerResponse>, ValidationProblem, ProblemHttpResult>> DepositAsync(DepositContainerRequest request, WasteDbContext db,
        WasteLedger ledger, WasteAlerts alerts, IActorContext actor, TimeProvider clock, IOptions<WasteRulesOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = WasteTime.LocalDate(now);
        var errors = new FieldErrors();
        Cabinet? cabinet = null;
        CabinetCompartment? compartment = null;
        if (request.CabinetId is not { } cabinetId)
        {
            errors.Add("cabinetId", "This field is required.", "Required");
        }
        else
        {
            cabinet = await db.Set<Cabinet>().Include(c => c.Compartments).SingleOrDefaultAsync(c => c.Id == cabinetId, cancellationToken);
            if (cabinet is null || !WasteAccess.CanActForGenerator(actor.Current, cabinet.OrganisationId))
            {
                errors.Add("cabinetId", "No cabinet of your enterprise has this id.", "CabinetNotYours");
                cabinet = null;
            }
            else if (request.CompartmentNumber is not { } number)
            {
                errors.Add("compartmentNumber", "This field is required.", "Required");
            }
            else if ((compartment = cabinet.Compartments.SingleOrDefault(c => c.Number == number)) is null)
            {
                errors.Add("compartmentNumber", $"The cabinet has compartments {string.Join(", ", cabinet.Compartments.OrderBy(c => c.Number).Select(c => c.Number))}.", "CompartmentUnknown");
            }
        }

        WasteStream? stream = null;
        if (request.StreamId is not { } streamId)
        {
            errors.Add("streamId", "This field is required.", "Required");
        }
        else
        {
            stream = await db.Set<WasteStream>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == streamId && s.IsActive, cancellationToken);
            if (stream is null || (cabinet is not null && (stream.OrganisationId != cabinet.OrganisationId || stream.SiteId != cabinet.SiteId)))
            {
                errors.Add("streamId", "No active waste stream of the cabinet's site has this id.", "StreamNotAtTheSite");
                stream = null;
            }
        }

        if (!Weights.TryToGrams(request.WeightKg, allowZero: false, out var grams, out var weightReason))
        {
            errors.Add("weightKg", weightReason, "WeightInvalid");
        }

        if (request.VolumeLitres is not ({ } volume and > 0 and <= 5_000))
        {
            errors.Add("volumeLitres", "Give the container volume in litres (1 to 5000).", "VolumeInvalid");
        }

        var generatedOn = request.GeneratedOn ?? today;
        if (generatedOn > today)
        {
            errors.Add("generatedOn", "The generation date cannot be in the future.", "InFuture");
        }
        else if (generatedOn < today.AddYears(-5))
        {
            errors.Add("generatedOn", "The generation date is more than five years ago.", "TooLongAgo");
        }

        errors.MaxLength("mainComponents", request.MainComponents, WasteContainer.TextMaxLength);
        errors.MaxLength("precautions", request.Precautions, WasteContainer.TextMaxLength);
        if (stream is not null && compartment?.AllowedGroup is { } allowed && allowed != stream.CompatibilityGroup)
        {
            errors.Add("compartmentNumber", $"Compartment {compartment.Number} takes {allowed} wastes only; this stream is {stream.CompatibilityGroup}.", "CompartmentTakesOtherWastes");
        }

        if (errors.Any || cabinet is null || compartment is null || stream is null)
        {
            return WasteProblems.Validation(errors);
        }

        var stored = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.CabinetId == cabinet.Id && c.State == ContainerState.Stored)
            .Select(c => new { c.Id, c.Code, c.CompartmentId, c.CompatibilityGroup, c.VolumeLitres, c.WasteName }).ToListAsync(cancellationToken);
        var clash = stored.FirstOrDefault(c => CompatibilityTable.AreIncompatible(c.CompatibilityGroup, stream.CompatibilityGroup));
        if (clash is not null)
        {
            var sameCompartment = clash.CompartmentId == compartment.Id;
            var consequence = CompatibilityTable.Consequence(clash.CompatibilityGroup, stream.CompatibilityGroup);
            var rule = sameCompartment ? "IncompatibleWastesCannotShareACompartment" : "IncompatibleWastesCannotShareACabinet";
            var detail = $"{stream.Name} ({stream.CompatibilityGroup}) is incompatible with {clash.WasteName} ({clash.CompatibilityGroup}, container {clash.Code}) "
                         + $"already stored in {(sameCompartment ? "this compartment" : "this cabinet")}: {consequence}. Nothing was stored.";

            // The refused deposit changes nothing; the attempt itself is recorded as an alert for the enterprise and its collector.
            db.ChangeTracker.Clear();
            await using (var alertTransaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                alerts.Raise(CabinetRules.Subject(cabinet), AlertKind.IncompatibleDeposit, $"拒绝存入不相容废物 / incompatible deposit refused: {detail}", now);
                await db.SaveChangesAsync(cancellationToken);
                await alertTransaction.CommitAsync(cancellationToken);
            }

            return WasteProblems.Conflict(rule, detail);
        }

        var usedLitres = stored.Where(c => c.CompartmentId == compartment.Id).Sum(c => c.VolumeLitres);
        if (usedLitres + request.VolumeLitres!.Value > compartment.CapacityLitres)
        {
            return WasteProblems.Conflict("ACompartmentHoldsNoMoreThanItsCapacity",
                $"Compartment {compartment.Number} holds {compartment.CapacityLitres} L and {usedLitres} L are stored; a {request.VolumeLitres} L container does not fit.");
        }

        var producer = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(o => o.Id == cabinet.OrganisationId, cancellationToken);
        HazardousWasteCode.TryParse(stream.WasteCode, out var wasteCode, out _);
        var prefix = IdentificationCode.Prefix(producer.CreditCode, wasteCode, generatedOn);
        var serial = await db.Set<WasteContainer>().IgnoreQueryFilters().CountAsync(c => c.Code.StartsWith(prefix), cancellationToken) + 1;
        if (serial > IdentificationCode.MaxSerial)
        {
            return WasteProblems.Conflict("AtMost9999ContainersPerCodeAndDay", "The day's identification serials for this waste code are used up.");
        }

        var container = new WasteContainer
        {
            Id = Guid.CreateVersion7(),
            Code = IdentificationCode.Compose(prefix, serial),
            OrganisationId = cabinet.OrganisationId,
            SiteId = cabinet.SiteId,
            DistrictId = cabinet.DistrictId,
            TownId = cabinet.TownId,
            StreamId = stream.Id,
            CabinetId = cabinet.Id,
            CompartmentId = compartment.Id,
            Edition = stream.Edition,
            WasteCode = stream.WasteCode,
            CategoryCode = stream.CategoryCode,
            WasteName = stream.Name,
            MainComponents = string.IsNullOrWhiteSpace(request.MainComponents) ? stream.MainComponents : request.MainComponents.Trim(),
            Characteristics = stream.Characteristics,
            Precautions = string.IsNullOrWhiteSpace(request.Precautions) ? stream.Precautions : request.Precautions.Trim(),
            PhysicalForm = stream.PhysicalForm,
            Packaging = stream.Packaging,
            ProducerName = producer.Name,
            ContactName = producer.ContactName,
            ContactPhone = producer.ContactPhone,
            GeneratedOn = generatedOn,
            WeightG = grams,
            VolumeLitres = request.VolumeLitres.Value,
            CompatibilityGroup = stream.CompatibilityGroup,
            State = ContainerState.Stored,
            DepositedAt = now,
            DepositedBy = actor.Current.AuditName,
            StorageLimitDate = StorageAge.LimitDate(generatedOn, settings.StorageLimitDays),
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(container);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(WasteLedger.Container(container.Id), "ContainerDeposited", container.OrganisationId, new JsonObject
        {
            ["containerId"] = container.Id,
            ["code"] = container.Code,
            ["cabinetId"] = cabinet.Id,
            ["compartment"] = compartment.Number,
            ["wasteCode"] = container.WasteCode,
            ["edition"] = container.Edition,
            ["weightKg"] = Weights.ToKg(container.WeightG),
            ["volumeLitres"] = container.VolumeLitres,
            ["generatedOn"] = container.GeneratedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["storageLimitDate"] = container.StorageLimitDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["actor"] = actor.Current.AuditName,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/containers/{container.Id}", (await ToResponsesAsync(db, [container], today, settings, cancellationToken))[0]);
    }

    internal static async Task<List<ContainerResponse>> ToResponsesAsync(WasteDbContext db, IReadOnlyList<WasteContainer> containers, DateOnly today, WasteRulesOptions settings,
        CancellationToken cancellationToken)
    {
        var cabinetIds = containers.Select(c => c.CabinetId).Distinct().ToList();
        var cabinets = await db.Set<Cabinet>().IgnoreQueryFilters().AsNoTracking().Include(c => c.Compartments).Where(c => cabinetIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        return containers.Select(c =>
        {
            var cabinet = cabinets.GetValueOrDefault(c.CabinetId);
            var state = c.State == ContainerState.Stored ? StorageAge.Evaluate(today, c.StorageLimitDate, settings.StorageWarningDays) : StorageAgeState.WithinLimit;
            var end = c.CollectedAt is { } collected ? WasteTime.LocalDate(collected) : today;
            return new ContainerResponse(c.Id, c.Code, c.Code, c.OrganisationId.Value, c.SiteId.Value, c.CabinetId, cabinet?.Name ?? "?", c.CompartmentId,
                cabinet?.Compartments.SingleOrDefault(x => x.Id == c.CompartmentId)?.Number ?? 0, c.StreamId, c.Edition, c.WasteCode, c.CategoryCode, c.WasteName,
                c.MainComponents, c.Characteristics.Split(',', StringSplitOptions.RemoveEmptyEntries), c.Precautions, c.PhysicalForm.ToString(), c.Packaging, c.ProducerName,
                c.ContactName, c.ContactPhone, c.GeneratedOn, Weights.ToKg(c.WeightG), c.CollectedWeightG is { } w ? Weights.ToKg(w) : null, c.VolumeLitres,
                LabelSize.SideMillimetres(c.VolumeLitres), c.CompatibilityGroup.ToString(), c.State.ToString(), c.DepositedAt, c.StorageLimitDate,
                end.DayNumber - c.GeneratedOn.DayNumber, c.StorageLimitDate.DayNumber - today.DayNumber, state.ToString(), c.PickupRequestId, c.CollectedAt, c.ReceivedAt,
                c.DisposedAt, c.RefusedAt, c.RefusalReason);
        }).ToList();
    }
}
