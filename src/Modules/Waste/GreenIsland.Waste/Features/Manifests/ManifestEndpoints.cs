using GreenIsland.Documents.Pdf;
using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Printing;
using GreenIsland.Waste.Features.Warehouse;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Manifests;

internal sealed record SignRequest(DateTimeOffset? SignedAt);

internal sealed record ReceivedLine(int? LineNo, decimal? ReceivedKg);

internal sealed record ReceivedContainer(Guid? ContainerId, decimal? ReceivedKg);

internal sealed record ReceiveRequest(DateTimeOffset? ReceivedAt, IReadOnlyList<ReceivedLine>? Lines, IReadOnlyList<ReceivedContainer>? Containers);

internal sealed record AcceptedLine(int? LineNo, decimal? AcceptedKg);

internal sealed record DecisionRequest(DateTimeOffset? DecidedAt, string? Decision, IReadOnlyList<AcceptedLine>? Lines, string? Reason);

internal sealed record DisposeRequest(DateTimeOffset? DisposedAt, string? Method);

internal sealed record CancelRequest(string? Reason);

internal static class ManifestEndpoints
{
    public static IEndpointRouteBuilder MapManifests(this IEndpointRouteBuilder api)
    {
        api.MapGet("/manifests", ListAsync)
            .WithName("ListWasteManifests").WithSummary("Manifests the caller takes part in or supervises; filter by status, discrepancy, overdue confirmation or trip.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/manifests/{id:guid}", GetAsync)
            .WithName("GetWasteManifest").WithSummary("A manifest with its parties, lines, containers and every transition.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/manifests/{id:guid}/manifest.pdf", PdfAsync)
            .WithName("PrintWasteManifest").WithSummary("The manifest as a printable PDF (A4, Chinese and English).")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/sign-generator", SignGeneratorAsync)
            .WithName("SignWasteManifestAsGenerator").WithSummary("The generator signs in its own account (collection manifests: confirms its stops on the trip). Needs Idempotency-Key. A dispatcher signing its own warehouse shipment may omit signedAt (the server's time).")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/sign-carrier", SignCarrierAsync)
            .WithName("SignWasteManifestAsCarrier").WithSummary("The trip's driver (or the carrier's dispatcher) signs: the waste is in transit. Needs Idempotency-Key. A dispatcher signing its own warehouse shipment may omit signedAt (the server's time).")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/receive", ReceiveAsync)
            .WithName("ReceiveWasteManifest").WithSummary("The receiver weighs what arrived (per line or per container); differences beyond the tolerance flag a discrepancy.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/decision", DecideAsync)
            .WithName("DecideWasteManifest").WithSummary("The receiver accepts, partly refuses or refuses the received waste (within 5 working days of receipt).")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/dispose", DisposeAsync)
            .WithName("DisposeWasteManifest").WithSummary("The disposal facility confirms disposal of the accepted waste.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/cancel", CancelAsync)
            .WithName("CancelWasteManifest").WithSummary("Cancels a manifest whose waste has not left the generator (carrier's dispatcher or the generator).")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<ManifestSummary>>, ValidationProblem>> ListAsync(WasteDbContext db, TimeProvider clock, string? status, bool? discrepancy,
        bool? overdue, Guid? tripId, CancellationToken cancellationToken)
    {
        var query = db.Set<Manifest>().AsNoTracking().Include(m => m.Lines).AsQueryable();
        if (status is not null)
        {
            if (!Enum.TryParse<ManifestStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
            {
                return WasteProblems.Validation("status", $"Use one of: {string.Join(", ", Enum.GetNames<ManifestStatus>())}.");
            }

            query = query.Where(m => m.Status == s);
        }

        if (discrepancy is { } d)
        {
            query = query.Where(m => m.HasDiscrepancy == d);
        }

        if (tripId is { } t)
        {
            query = query.Where(m => m.TripId == t);
        }

        var today = WasteTime.Today(clock);
        if (overdue is true)
        {
            query = query.Where(m => m.Status == ManifestStatus.Received && m.ConfirmationDeadline < today);
        }

        var manifests = await query.OrderByDescending(m => m.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(manifests.Select(m => ManifestViews.Summary(m, today)).ToList());
    }

    private static async Task<Results<Ok<ManifestResponse>, ProblemHttpResult>> GetAsync(Guid id, WasteDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var m = await db.Set<Manifest>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        return m is null ? WasteProblems.NotFound("No such manifest.") : TypedResults.Ok(await DetailAsync(db, m, clock, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(Guid id, WasteDbContext db, TimeProvider clock, WasteFonts fonts,
        CancellationToken cancellationToken)
    {
        var m = await db.Set<Manifest>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
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

        var detail = await DetailAsync(db, m, clock, cancellationToken);
        return TypedResults.File(ManifestPdf.Render(detail, fontSet, clock.GetUtcNow().UtcDateTime), "application/pdf", $"manifest-{m.Number}-v{m.Version}.pdf");
    }

    internal static async Task<ManifestResponse> DetailAsync(WasteDbContext db, Manifest m, TimeProvider clock, CancellationToken cancellationToken)
    {
        var containers = await db.Set<ManifestContainer>().AsNoTracking().Where(c => c.ManifestId == m.Id).ToListAsync(cancellationToken);
        var events = await db.Set<ManifestEvent>().AsNoTracking().Where(e => e.ManifestId == m.Id).ToListAsync(cancellationToken);
        var people = await new ActorNames(db).ResolveAsync(events.Select(e => e.Actor), cancellationToken);
        return ManifestViews.Detail(m, containers, events, WasteTime.Today(clock), people);
    }

    private static Task<IResult> SignGeneratorAsync(Guid id, SignRequest request, HttpContext http, WasteDbContext db, IActorContext actors, TimeProvider clock,
        CollectionSigning signing, ManifestRecorder recorder, CancellationToken cancellationToken) =>
        DriverIdempotency.RunAsync(http, db, actors, clock, $"sign-generator:{id}", async () =>
        {
            var actor = actors.Current;
            var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
            if (m is null)
            {
                return NotFound("No such manifest.");
            }

            if (!(actor.Kind == ActorKind.User && actor.OrganisationId == m.OrganisationId
                  && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff) || actor.IsInRole(PlatformRoles.CollectorDispatcher))))
            {
                return Forbidden("Only the generator's own users sign as generator.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            // A dispatcher signing its own warehouse shipment at the desk may leave the instant to the server's clock.
            var serverTime = actor.IsInRole(PlatformRoles.CollectorDispatcher) && IsWarehouseShipment(m);
            if (SignedAt(request.SignedAt, "signedAt", m, ManifestStatus.SignedByGenerator, now, serverTime, out var at) is { } invalid)
            {
                return invalid;
            }

            if (m.TripId is { } tripId)
            {
                await signing.ConfirmAsync(db, tripId, m.OrganisationId, at, actor.AuditName, GeneratorSignatureMethod.Account, cancellationToken);
            }
            else
            {
                await recorder.RecordAsync(db, m, [m.SignByGenerator(at, now, actor.AuditName, GeneratorSignatureMethod.Account)], cancellationToken);
            }

            return Ok(await DetailAsync(db, m, clock, cancellationToken));
        }, cancellationToken);

    private static Task<IResult> SignCarrierAsync(Guid id, SignRequest request, HttpContext http, WasteDbContext db, IActorContext actors, TimeProvider clock,
        ManifestRecorder recorder, CancellationToken cancellationToken) =>
        DriverIdempotency.RunAsync(http, db, actors, clock, $"sign-carrier:{id}", async () =>
        {
            var actor = actors.Current;
            var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
            if (m is null)
            {
                return NotFound("No such manifest.");
            }

            var trip = m.TripId is { } tripId ? await db.Set<Trip>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == tripId, cancellationToken) : null;
            var isDriver = actor.IsInRole(PlatformRoles.Driver) && trip?.DriverUserId == actor.ActorId;
            var isDispatcher = actor.IsInRole(PlatformRoles.CollectorDispatcher) && actor.OrganisationId == m.CarrierId;
            if (actor.Kind != ActorKind.User || !(isDriver || isDispatcher))
            {
                return m.CarrierId == actor.OrganisationId || actor.OrganisationId == m.OrganisationId
                    ? Forbidden("Only the trip's driver or the carrier's dispatcher signs as carrier.")
                    : NotFound("No such manifest.");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            if (SignedAt(request.SignedAt, "signedAt", m, ManifestStatus.InTransit, now, isDispatcher && IsWarehouseShipment(m), out var at) is { } invalid)
            {
                return invalid;
            }

            await recorder.RecordAsync(db, m, [m.SignByCarrier(at, now, actor.AuditName)], cancellationToken);
            return Ok(await DetailAsync(db, m, clock, cancellationToken));
        }, cancellationToken);

    private static async Task<Results<Ok<ManifestResponse>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(Guid id, ReceiveRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, IWorkingCalendar calendar, LogisticsOptions options, ManifestRecorder recorder, ContainerCustody custody,
        Alerts.WasteAlerts alerts, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        if (!IsReceiver(actor, m))
        {
            return WasteProblems.Forbidden("Only the receiver named on the manifest records its receipt.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var at = Instant(request.ReceivedAt, "receivedAt", errors);
        if (at is { } a && m.CheckSignatureInstant(ManifestStatus.Received, a, now) is { } reason)
        {
            errors.Add("receivedAt", reason, SignatureReasonCode(a, now));
        }

        var containers = await db.Set<ManifestContainer>().Where(c => c.ManifestId == m.Id).ToListAsync(cancellationToken);
        var perLine = new Dictionary<int, long>();
        var perContainer = new Dictionary<Guid, long>();
        if (request.Containers is { Count: > 0 } byContainer)
        {
            for (var i = 0; i < byContainer.Count; i++)
            {
                var c = byContainer[i];
                var onManifest = containers.FirstOrDefault(x => x.ContainerId == c.ContainerId);
                if (onManifest is null)
                {
                    errors.Add($"containers[{i}].containerId", "This container is not on the manifest.", "NotOnTheManifest");
                }
                else if (Weight.CheckPositiveKilograms(c.ReceivedKg) is { } bad)
                {
                    errors.Add($"containers[{i}].receivedKg", bad, "WeightInvalid");
                }
                else if (!perContainer.TryAdd(onManifest.ContainerId, Weight.ToGrams(c.ReceivedKg!.Value)))
                {
                    errors.Add($"containers[{i}].containerId", "This container is listed twice.", "ListedTwice");
                }
            }

            if (!errors.Any && perContainer.Count != containers.Count)
            {
                errors.Add("containers", "Weigh every container on the manifest.", "WeighEveryContainer");
            }

            foreach (var line in m.Lines)
            {
                perLine[line.LineNo] = containers.Where(c => c.LineNo == line.LineNo).Sum(c => perContainer.GetValueOrDefault(c.ContainerId));
            }
        }
        else if (IsWarehouse(m))
        {
            errors.Add("containers", "The transfer warehouse weighs every container on receipt: give containers[] with receivedKg.", "WeighEveryContainer");
        }
        else if (request.Lines is { Count: > 0 } byLine)
        {
            for (var i = 0; i < byLine.Count; i++)
            {
                var l = byLine[i];
                if (l.LineNo is not { } no || m.Lines.All(x => x.LineNo != no))
                {
                    errors.Add($"lines[{i}].lineNo", "This line is not on the manifest.", "NotOnTheManifest");
                }
                else if (Weight.CheckPositiveKilograms(l.ReceivedKg) is { } bad)
                {
                    errors.Add($"lines[{i}].receivedKg", bad, "WeightInvalid");
                }
                else if (!perLine.TryAdd(no, Weight.ToGrams(l.ReceivedKg!.Value)))
                {
                    errors.Add($"lines[{i}].lineNo", "This line is listed twice.", "ListedTwice");
                }
            }

            if (!errors.Any && perLine.Count != m.Lines.Count)
            {
                errors.Add("lines", "Give a received weight for every line of the manifest.", "WeighEveryLine");
            }
        }
        else
        {
            errors.Add("lines", "Give the received weight per line (lines[]) or per container (containers[]).", "WeighEveryLine");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        var deadline = calendar.AddWorkingDays(ChinaTime.DateOf(new DateTimeOffset(at!.Value)), options.ConfirmationWorkingDays);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var transition = m.Receive(at.Value, now, actor.AuditName, perLine, new WeightTolerance(options.WeightTolerancePercent), deadline.Date, deadline.IsProvisional);
        if (perContainer.Count == 0)
        {
            perContainer = ShareByLine(containers, m, perLine);
        }

        foreach (var c in containers)
        {
            c.Receive(perContainer[c.ContainerId]);
        }

        await custody.OnReceivedAsync(db, m, containers, at.Value, actor.AuditName, cancellationToken);
        if (m.HasDiscrepancy)
        {
            // Reported to the generator at once and to the regulator: the alert is the generator's (its regulators see it).
            DiscrepancyAlert.Raise(alerts, m, options.WeightTolerancePercent, now);
        }

        await recorder.RecordAsync(db, m, [transition], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, m, clock, cancellationToken));
    }

    private static async Task<Results<Ok<ManifestResponse>, ValidationProblem, ProblemHttpResult>> DecideAsync(Guid id, DecisionRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, ManifestRecorder recorder, ContainerCustody custody, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        if (!IsReceiver(actor, m))
        {
            return WasteProblems.Forbidden("Only the receiver named on the manifest accepts or refuses it.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var at = Instant(request.DecidedAt, "decidedAt", errors);
        if (at is { } a && m.CheckSignatureInstant(ManifestStatus.Accepted, a, now) is { } reason)
        {
            errors.Add("decidedAt", reason, SignatureReasonCode(a, now));
        }

        if (!Enum.TryParse<ManifestDecision>(request.Decision, ignoreCase: false, out var decision) || !Enum.IsDefined(decision))
        {
            errors.Add("decision", "Use Accepted, PartiallyRefused or Refused.", "DecisionUnknown");
        }

        Dictionary<int, long>? accepted = null;
        if (request.Lines is { Count: > 0 } lines)
        {
            accepted = [];
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i].LineNo is not { } no || m.Lines.All(x => x.LineNo != no))
                {
                    errors.Add($"lines[{i}].lineNo", "This line is not on the manifest.", "NotOnTheManifest");
                }
                else if (Weight.CheckNonNegativeKilograms(lines[i].AcceptedKg) is { } bad)
                {
                    errors.Add($"lines[{i}].acceptedKg", bad, "WeightInvalid");
                }
                else
                {
                    accepted[no] = Weight.ToGrams(lines[i].AcceptedKg!.Value);
                }
            }
        }

        errors.MaxLength("reason", request.Reason, Manifest.ReasonMaxLength);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var transition = m.Decide(decision, at!.Value, now, actor.AuditName, accepted, request.Reason);
        await custody.OnDecidedAsync(db, m, at.Value, actor.AuditName, cancellationToken);
        await recorder.RecordAsync(db, m, [transition], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, m, clock, cancellationToken));
    }

    private static async Task<Results<Ok<ManifestResponse>, ValidationProblem, ProblemHttpResult>> DisposeAsync(Guid id, DisposeRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, ManifestRecorder recorder, ContainerCustody custody, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        if (!(IsReceiver(actor, m) && actor.IsInRole(PlatformRoles.DisposalOperator)))
        {
            return WasteProblems.Forbidden("Only the disposal facility named as receiver confirms disposal.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new FieldErrors();
        var at = Instant(request.DisposedAt, "disposedAt", errors);
        if (at is { } a && m.CheckSignatureInstant(ManifestStatus.Disposed, a, now) is { } reason)
        {
            errors.Add("disposedAt", reason, SignatureReasonCode(a, now));
        }

        errors.Required("method", request.Method, 200);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var transition = m.Dispose(at!.Value, now, actor.AuditName, request.Method!);
        await custody.OnDisposedAsync(db, m, at.Value, actor.AuditName, cancellationToken);
        await recorder.RecordAsync(db, m, [transition], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, m, clock, cancellationToken));
    }

    private static async Task<Results<Ok<ManifestResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(Guid id, CancelRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, ManifestRecorder recorder, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        var carrierDispatcher = actor.IsInRole(PlatformRoles.CollectorDispatcher) && actor.OrganisationId == m.CarrierId;
        if (!(carrierDispatcher || WasteAccess.CanAdministerGenerator(actor, m.OrganisationId)) || actor.Kind != ActorKind.User)
        {
            return WasteProblems.Forbidden("Only the carrier's dispatcher or the generator's administrator cancels a manifest.");
        }

        var errors = new FieldErrors().Required("reason", request.Reason, Manifest.ReasonMaxLength);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var transition = m.Cancel(clock.GetUtcNow().UtcDateTime, actor.AuditName, request.Reason!);
        await recorder.RecordAsync(db, m, [transition], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await DetailAsync(db, m, clock, cancellationToken));
    }

    internal static bool IsWarehouse(Manifest m) => m.ReceiverId == m.CarrierId;

    /// <summary>A shipment from the collector's own transfer warehouse: the collector is generator (consignor) and carrier.</summary>
    internal static bool IsWarehouseShipment(Manifest m) => m.TripId is null && m.OrganisationId == m.CarrierId;

    private static bool IsReceiver(Actor actor, Manifest m) =>
        actor.Kind == ActorKind.User && actor.OrganisationId == m.ReceiverId
        && (actor.IsInRole(PlatformRoles.DisposalOperator) || actor.IsInRole(PlatformRoles.CollectorDispatcher));

    /// <summary>
    /// Received per line only (a disposal facility's weighbridge): shares each line's received weight over its
    /// containers in proportion to their shipped weights, the last container taking the rounding remainder.
    /// </summary>
    internal static Dictionary<Guid, long> ShareByLine(IReadOnlyList<ManifestContainer> containers, Manifest m, IReadOnlyDictionary<int, long> perLine)
    {
        var result = new Dictionary<Guid, long>();
        foreach (var line in m.Lines)
        {
            var onLine = containers.Where(c => c.LineNo == line.LineNo).OrderBy(c => c.ContainerCode, StringComparer.Ordinal).ToList();
            var shipped = onLine.Sum(c => c.ShippedG);
            var left = perLine[line.LineNo];
            for (var i = 0; i < onLine.Count; i++)
            {
                var share = i == onLine.Count - 1 || shipped == 0 ? left : perLine[line.LineNo] * onLine[i].ShippedG / shipped;
                result[onLine[i].ContainerId] = share;
                left -= share;
            }
        }

        return result;
    }

    internal static DateTime? Instant(DateTimeOffset? value, string field, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Add(field, "Give the instant (ISO 8601 with offset, e.g. 2026-11-21T10:30:00+08:00).", "InstantRequired");
            return null;
        }

        return value.Value.UtcDateTime;
    }

    private static ActionOutcome? SignedAt(DateTimeOffset? value, string field, Manifest m, ManifestStatus next, DateTime now, bool serverTimeIfOmitted, out DateTime at)
    {
        var errors = new FieldErrors();
        at = value is null && serverTimeIfOmitted ? now : Instant(value, field, errors) ?? default;
        if (!errors.Any && m.CheckSignatureInstant(next, at, now) is { } reason)
        {
            errors.Add(field, reason, SignatureReasonCode(at, now));
        }

        return errors.Any ? Invalid(errors) : null;
    }

    /// <summary>The reason code of a signature instant <see cref="Manifest.CheckSignatureInstant"/> refused.</summary>
    internal static string SignatureReasonCode(DateTime at, DateTime now) => at > now ? "InFuture" : "BeforePreviousStep";

    internal static ActionOutcome Invalid(FieldErrors errors) =>
        new(StatusCodes.Status400BadRequest, WasteProblems.Details(errors));

    internal static ActionOutcome NotFound(string detail) =>
        new(StatusCodes.Status404NotFound, new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "NotFound", Detail = detail });

    internal static ActionOutcome Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden", Detail = detail });

    internal static ActionOutcome Ok(object body) => new(StatusCodes.Status200OK, body);
}
