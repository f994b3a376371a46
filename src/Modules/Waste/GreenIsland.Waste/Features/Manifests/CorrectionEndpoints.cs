using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Manifests;

internal sealed record CorrectedLineRequest(int? LineNo, decimal? QuantityKg, decimal? ReceivedKg);

internal sealed record ProposeCorrectionRequest(string? Reason, IReadOnlyList<CorrectedLineRequest>? Lines);

internal sealed record CorrectedLineResponse(int LineNo, decimal QuantityKg, decimal? ReceivedKg);

internal sealed record CorrectionResponse(Guid Id, Guid ManifestId, int FromVersion, string Status, string Reason, IReadOnlyList<CorrectedLineResponse> Lines,
    DateTime ProposedAt, string ProposedBy, DateTime? GeneratorAgreedAt, DateTime? CarrierAgreedAt, DateTime? ReceiverAgreedAt, DateTime? AppliedAt, string ProposedByName);

internal static class CorrectionEndpoints
{
    public static IEndpointRouteBuilder MapManifestCorrections(this IEndpointRouteBuilder api)
    {
        api.MapGet("/manifests/{id:guid}/corrections", ListAsync)
            .WithName("ListWasteManifestCorrections").WithSummary("Corrections proposed for a manifest, with each party's agreement.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/corrections", ProposeAsync)
            .WithName("ProposeWasteManifestCorrection").WithSummary("A party proposes corrected quantities for a signed manifest; it applies as a new version once every party agrees.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/manifests/{id:guid}/corrections/{correctionId:guid}/agree", AgreeAsync)
            .WithName("AgreeWasteManifestCorrection").WithSummary("A party agrees to a proposed correction; the last agreement makes the new version.")
            .WithTags("Waste manifests").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<CorrectionResponse>>, ProblemHttpResult>> ListAsync(Guid id, WasteDbContext db, ActorNames names, CancellationToken cancellationToken)
    {
        if (!await db.Set<Manifest>().AnyAsync(m => m.Id == id, cancellationToken))
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        var list = await db.Set<ManifestCorrection>().AsNoTracking().Where(c => c.ManifestId == id).OrderBy(c => c.ProposedAt).ToListAsync(cancellationToken);
        var people = await names.ResolveAsync(list.Select(c => c.ProposedBy), cancellationToken);
        return TypedResults.Ok(list.Select(c => Response(c, people)).ToList());
    }

    private static async Task<Results<Created<CorrectionResponse>, ValidationProblem, ProblemHttpResult>> ProposeAsync(Guid id, ProposeCorrectionRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, LogisticsOptions options, ManifestRecorder recorder, ActorNames names, WasteAlerts alerts, WasteLedger ledger,
        CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (m is null)
        {
            return WasteProblems.NotFound("No such manifest.");
        }

        if (!IsPartyUser(actor, m))
        {
            return WasteProblems.Forbidden("Only the generator, the carrier and the receiver of the manifest propose corrections.");
        }

        var errors = new FieldErrors().Required("reason", request.Reason, ManifestCorrection.ReasonMaxLength);
        var lines = new List<CorrectedLine>();
        if (request.Lines is not { Count: > 0 })
        {
            errors.Add("lines", "List the corrected lines.");
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                var l = request.Lines[i];
                var line = m.Lines.FirstOrDefault(x => x.LineNo == l.LineNo);
                if (line is null || lines.Any(x => x.LineNo == l.LineNo))
                {
                    errors.Add($"lines[{i}].lineNo", "Name each line of the manifest once.");
                }
                else if (Weight.CheckPositiveKilograms(l.QuantityKg) is { } bad)
                {
                    errors.Add($"lines[{i}].quantityKg", bad);
                }
                else if (l.ReceivedKg is not null && Weight.CheckPositiveKilograms(l.ReceivedKg) is { } badReceived)
                {
                    errors.Add($"lines[{i}].receivedKg", badReceived);
                }
                else if (l.ReceivedKg is not null && line.ReceivedQuantityG is null)
                {
                    errors.Add($"lines[{i}].receivedKg", "This line has not been received yet.");
                }
                else
                {
                    lines.Add(new CorrectedLine(line.LineNo, Weight.ToGrams(l.QuantityKg!.Value), l.ReceivedKg is { } r ? Weight.ToGrams(r) : null));
                }
            }
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        if (!m.CanBeCorrected)
        {
            throw new DomainRuleViolationException("OnlySignedManifestsAreCorrected", $"Manifest {m.Number} is {m.Status}; a draft is edited, a cancelled manifest is closed.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var correction = ManifestCorrection.Propose(m, lines, request.Reason!.Trim(), actor.OrganisationId, now, actor.AuditName);
        db.Add(correction);
        await ApplyIfAgreedAsync(db, m, correction, options, recorder, alerts, ledger, now, actor.AuditName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/manifests/{m.Id}/corrections/{correction.Id}", Response(correction, await names.ResolveAsync([correction.ProposedBy], cancellationToken)));
    }

    private static async Task<Results<Ok<CorrectionResponse>, ProblemHttpResult>> AgreeAsync(Guid id, Guid correctionId, WasteDbContext db, IActorContext actors,
        TimeProvider clock, LogisticsOptions options, ManifestRecorder recorder, ActorNames names, WasteAlerts alerts, WasteLedger ledger, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var m = await db.Set<Manifest>().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        var correction = m is null ? null : await db.Set<ManifestCorrection>().SingleOrDefaultAsync(c => c.Id == correctionId && c.ManifestId == id, cancellationToken);
        if (m is null || correction is null)
        {
            return WasteProblems.NotFound("No such correction.");
        }

        if (!IsPartyUser(actor, m))
        {
            return WasteProblems.Forbidden("Only the generator, the carrier and the receiver of the manifest agree to corrections.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        correction.Agree(m, actor.OrganisationId, now);
        await ApplyIfAgreedAsync(db, m, correction, options, recorder, alerts, ledger, now, actor.AuditName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(Response(correction, await names.ResolveAsync([correction.ProposedBy], cancellationToken)));
    }

    private static async Task ApplyIfAgreedAsync(WasteDbContext db, Manifest m, ManifestCorrection correction, LogisticsOptions options, ManifestRecorder recorder,
        WasteAlerts alerts, WasteLedger ledger, DateTime now, string actor, CancellationToken cancellationToken)
    {
        if (!correction.AgreedByAll)
        {
            return;
        }

        var hadDiscrepancy = m.HasDiscrepancy;
        var transition = m.ApplyCorrection(correction.Lines, new WeightTolerance(options.WeightTolerancePercent), now, actor, correction.Reason);
        correction.MarkApplied(now);
        var unclosed = await db.Set<WasteAlert>().IgnoreQueryFilters()
            .Where(a => a.SubjectId == m.Id && a.Kind == AlertKind.ManifestWeightDiscrepancy && a.Status != AlertStatus.Closed)
            .ToListAsync(cancellationToken);
        if (!m.HasDiscrepancy)
        {
            // The parties agreed on weights within the tolerance: the discrepancy is resolved, and so is its alert, on
            // the ledger as a person's closing would be (the last party to agree closes it).
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"各方同意更正，联单 {m.Number} 第 {m.Version} 版收发重量一致 / resolved by the correction agreed by every party (manifest {m.Number} version {m.Version})");
            foreach (var alert in unclosed)
            {
                alert.Close(now, actor, reason);
                await AlertLedger.AppendAsync(ledger, alert, AlertLedger.Closed, reason, now, actor, cancellationToken, new JsonObject
                {
                    ["manifestId"] = m.Id.ToString(),
                    ["correctionId"] = correction.Id.ToString(),
                    ["version"] = m.Version,
                });
            }
        }
        else if (!hadDiscrepancy && unclosed.Count == 0)
        {
            // The agreed weights differ beyond the tolerance where the manifest had no discrepancy: the generator and
            // the regulator are told, as on receipt. (A discrepancy the correction leaves in place keeps its alert.)
            DiscrepancyAlert.Raise(alerts, m, options.WeightTolerancePercent, now, byCorrection: true);
        }

        await recorder.RecordAsync(db, m, [transition], cancellationToken);
    }

    private static bool IsPartyUser(Actor actor, Manifest m) =>
        actor.Kind == ActorKind.User
        && ((actor.OrganisationId == m.OrganisationId && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.CollectorDispatcher)))
            || (actor.OrganisationId == m.CarrierId && actor.IsInRole(PlatformRoles.CollectorDispatcher))
            || (actor.OrganisationId == m.ReceiverId && (actor.IsInRole(PlatformRoles.DisposalOperator) || actor.IsInRole(PlatformRoles.CollectorDispatcher))));

    private static CorrectionResponse Response(ManifestCorrection c, IReadOnlyDictionary<string, string> people) => new(c.Id, c.ManifestId, c.FromVersion, c.Status.ToString(), c.Reason,
        c.Lines.Select(l => new CorrectedLineResponse(l.LineNo, Weight.ToKilograms(l.QuantityGrams), l.ReceivedGrams is { } r ? Weight.ToKilograms(r) : null)).ToList(),
        c.ProposedAt, c.ProposedBy, c.GeneratorAgreedAt, c.CarrierAgreedAt, c.ReceiverAgreedAt, c.AppliedAt, people.GetValueOrDefault(c.ProposedBy, c.ProposedBy));
}
