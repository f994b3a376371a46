using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Plans;

internal sealed record PlanLineRequest(string? WasteCode, string? WasteName, decimal? ExpectedKg);

internal sealed record SavePlanRequest(Guid? OrganisationId, string? ReductionMeasures, string? StorageMeasures, string? TransferPlan, IReadOnlyList<PlanLineRequest>? Lines);

internal sealed record ManagementPlanLineResponse(int LineNo, string WasteCode, string WasteName, decimal ExpectedKg);

internal sealed record ManagementPlanResponse(
    Guid Id, Guid OrganisationId, int Year, ManagementPlanStatus Status, DateOnly DueOn, bool FiledOnTime, string ReductionMeasures, string StorageMeasures,
    string TransferPlan, IReadOnlyList<ManagementPlanLineResponse> Lines, DateTime UpdatedAt, string UpdatedBy, DateTime? FiledAt, string? FiledBy,
    string UpdatedByName, string? FiledByName);

/// <summary>Whether an enterprise's plan for a year is filed, and how long is left before 31 March.</summary>
internal sealed record PlanReminderResponse(Guid OrganisationId, string OrganisationName, int Year, DateOnly DueOn, string State, int DaysLeft, Guid? PlanId, DateTime? FiledAt);

internal static partial class PlanEndpoints
{
    public static IEndpointRouteBuilder MapManagementPlans(this IEndpointRouteBuilder api)
    {
        api.MapGet("/management-plans", ListAsync)
            .WithName("ListWasteManagementPlans")
            .WithSummary("Annual management plans the caller may see (own enterprise; a regulator's jurisdiction; all for the operator), optionally for one year.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPut("/management-plans/{year}", SaveAsync)
            .WithName("SaveWasteManagementPlan")
            .WithSummary("Creates or replaces the draft management plan of an enterprise for a year (expected wastes in kg, reduction, storage and transfer measures). Enterprise users for their own enterprise, or the operator.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/management-plans/{id:guid}/file", FileAsync)
            .WithName("FileWasteManagementPlan")
            .WithSummary("Files a draft plan (once). Due by 31 March of its year; filing later is recorded as late.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/management-plans/reminders", RemindersAsync)
            .WithName("ListWasteManagementPlanReminders")
            .WithSummary("For each enterprise the caller may see: whether the year's plan is filed, due 31 March, days left (negative when overdue). The enterprise's own reminder, or its jurisdiction's list for a regulator.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    [GeneratedRegex(@"^\d{3}-\d{3}-\d{2}$")]
    private static partial Regex WasteCodePattern();

    private static async Task<Results<Ok<List<ManagementPlanResponse>>, ValidationProblem>> ListAsync(int? year, Guid? organisationId, WasteDbContext db, ActorNames names,
        CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
        {
            return WasteProblems.Validation("year", "Must be between 2000 and 2100.");
        }

        var query = db.Set<ManagementPlan>().AsNoTracking().Include(p => p.Lines).AsQueryable();
        if (year is { } y)
        {
            query = query.Where(p => p.Year == y);
        }

        if (organisationId is { } o)
        {
            query = query.Where(p => p.OrganisationId == new OrganisationId(o));
        }

        var plans = await query.OrderByDescending(p => p.Year).ThenBy(p => p.OrganisationId).Take(2_000).ToListAsync(cancellationToken);
        var people = await names.ResolveAsync(plans.SelectMany(p => new[] { p.UpdatedBy, p.FiledBy }), cancellationToken);
        return TypedResults.Ok(plans.Select(p => ToResponse(p, people)).ToList());
    }

    private static async Task<Results<Ok<ManagementPlanResponse>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        int year, SavePlanRequest request, WasteDbContext db, OversightAccess access, ILedger ledger, TimeProvider clock, ActorNames names, CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        var organisation = request.OrganisationId is { } o ? new OrganisationId(o) : actor.OrganisationId;
        if (!WasteAccess.CanActForGenerator(actor, organisation))
        {
            return WasteProblems.Forbidden("Management plans are written by the enterprise's own users or the operator.");
        }

        var errors = new FieldErrors();
        if (year is < 2000 or > 2100)
        {
            errors.Add("year", "Must be between 2000 and 2100.");
        }

        errors.MaxLength("reductionMeasures", request.ReductionMeasures, ManagementPlan.TextMaxLength);
        errors.MaxLength("storageMeasures", request.StorageMeasures, ManagementPlan.TextMaxLength);
        errors.MaxLength("transferPlan", request.TransferPlan, ManagementPlan.TextMaxLength);
        var lines = new List<(string, string, long)>();
        if (request.Lines is null || request.Lines.Count == 0)
        {
            errors.Add("lines", "Name at least one expected waste.");
        }
        else if (request.Lines.Count > 100)
        {
            errors.Add("lines", "At most 100 lines.");
        }
        else
        {
            for (var i = 0; i < request.Lines.Count; i++)
            {
                var l = request.Lines[i];
                if (l.WasteCode is null || !WasteCodePattern().IsMatch(l.WasteCode))
                {
                    errors.Add($"lines[{i}].wasteCode", "Must be a hazardous-waste code XXX-XXX-XX.");
                }

                errors.Required($"lines[{i}].wasteName", l.WasteName, 200);
                if (l.ExpectedKg is not { } kg || kg <= 0 || kg > 10_000_000m || decimal.Round(kg, 3) != kg)
                {
                    errors.Add($"lines[{i}].expectedKg", "Must be more than 0 kg, at most 10,000 t, with at most 3 decimals.");
                }
                else if (l.WasteCode is not null && l.WasteName is not null)
                {
                    lines.Add((l.WasteCode, l.WasteName.Trim(), (long)(kg * 1000m)));
                }
            }

            if (lines.Select(l => l.Item1).Distinct(StringComparer.Ordinal).Count() != lines.Count)
            {
                errors.Add("lines", "Each waste code appears once.");
            }
        }

        var org = await access.VisibleEnterpriseAsync(organisation, cancellationToken);
        if (org is null)
        {
            errors.Add("organisationId", "No enterprise you may act for has this id.");
        }

        if (errors.Any || org is null)
        {
            return WasteProblems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var plan = await db.Set<ManagementPlan>().Include(p => p.Lines).SingleOrDefaultAsync(p => p.OrganisationId == organisation && p.Year == year, cancellationToken);
        if (plan is { Status: ManagementPlanStatus.Filed })
        {
            return WasteProblems.Conflict("AFiledPlanCannotBeChanged", $"The {year} management plan was filed on {plan.FiledAt:yyyy-MM-dd}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (plan is null)
        {
            plan = ManagementPlan.Draft(organisation, org.DistrictId, org.TownId, year, now, actor.AuditName);
            db.Add(plan);
        }
        else
        {
            db.RemoveRange(plan.Lines);
        }

        plan.Update(request.ReductionMeasures?.Trim() ?? string.Empty, request.StorageMeasures?.Trim() ?? string.Empty, request.TransferPlan?.Trim() ?? string.Empty, lines, now, actor.AuditName);

        // The new lines carry their own (client-generated) ids: found through the navigation, EF would take them for
        // existing rows and update nothing (saving a draft a second time failed). They are new rows.
        db.AddRange(plan.Lines);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"waste-plan/{plan.Id}", "ManagementPlanSaved", new JsonObject
        {
            ["planId"] = plan.Id,
            ["year"] = year,
            ["lines"] = new JsonArray(plan.Lines.Select(l => (JsonNode)new JsonObject { ["wasteCode"] = l.WasteCode, ["expectedG"] = l.ExpectedG }).ToArray()),
            ["actor"] = actor.AuditName,
        }, organisation), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(plan, await names.ResolveAsync([plan.UpdatedBy, plan.FiledBy], cancellationToken)));
    }

    private static async Task<Results<Ok<ManagementPlanResponse>, ValidationProblem, ProblemHttpResult>> FileAsync(
        Guid id, WasteDbContext db, OversightAccess access, ILedger ledger, TimeProvider clock, ActorNames names, CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        var plan = await db.Set<ManagementPlan>().Include(p => p.Lines).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (plan is null)
        {
            return WasteProblems.NotFound("No management plan you can see has this id.");
        }

        if (!WasteAccess.CanActForGenerator(actor, plan.OrganisationId))
        {
            return WasteProblems.Forbidden("Management plans are filed by the enterprise's own users or the operator.");
        }

        if (plan.Status == ManagementPlanStatus.Draft && plan.MeasuresMissingForFiling() is { Count: > 0 } missing)
        {
            var errors = new FieldErrors();
            foreach (var field in missing)
            {
                errors.Add(field, "Write this measure before filing the plan (save the draft with it first).");
            }

            return WasteProblems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        plan.File(now, actor.AuditName);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"waste-plan/{plan.Id}", "ManagementPlanFiled", new JsonObject
        {
            ["planId"] = plan.Id,
            ["year"] = plan.Year,
            ["filedAt"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["onTime"] = WasteTime.LocalDate(now) <= DeclarationSchedule.PlanDueOn(plan.Year),
            ["actor"] = actor.AuditName,
        }, plan.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(plan, await names.ResolveAsync([plan.UpdatedBy, plan.FiledBy], cancellationToken)));
    }

    private static async Task<Results<Ok<List<PlanReminderResponse>>, ValidationProblem>> RemindersAsync(
        int? year, Guid? townId, WasteDbContext db, OversightAccess access, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var y = year ?? today.Year;
        if (y is < 2000 or > 2100)
        {
            return WasteProblems.Validation("year", "Must be between 2000 and 2100.");
        }

        var enterprises = await access.VisibleEnterprisesAsync(townId is { } t ? new JurisdictionId(t) : null, cancellationToken);
        var ids = enterprises.Select(e => e.Id).ToList();
        var plans = (await db.Set<ManagementPlan>().IgnoreQueryFilters().AsNoTracking()
                .Where(p => p.Year == y && ids.Contains(p.OrganisationId))
                .Select(p => new { p.Id, p.OrganisationId, p.Status, p.FiledAt })
                .ToListAsync(cancellationToken))
            .ToDictionary(p => p.OrganisationId);
        var due = DeclarationSchedule.PlanDueOn(y);
        var daysLeft = due.DayNumber - today.DayNumber;
        var list = enterprises.Select(e =>
        {
            plans.TryGetValue(e.Id, out var p);
            var state = p?.Status == ManagementPlanStatus.Filed
                ? (WasteTime.LocalDate(p.FiledAt!.Value) <= due ? "Filed" : "FiledLate")
                : daysLeft < 0 ? "Overdue" : p is null ? "NotStarted" : "Draft";
            return new PlanReminderResponse(e.Id.Value, e.Name, y, due, state, daysLeft, p?.Id, p?.FiledAt);
        }).OrderBy(r => r.State is "Filed" or "FiledLate").ThenBy(r => r.OrganisationName, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(list);
    }

    private static ManagementPlanResponse ToResponse(ManagementPlan p, IReadOnlyDictionary<string, string> people)
    {
        var due = DeclarationSchedule.PlanDueOn(p.Year);
        return new ManagementPlanResponse(p.Id, p.OrganisationId.Value, p.Year, p.Status, due,
            p.FiledAt is { } f && WasteTime.LocalDate(f) <= due, p.ReductionMeasures, p.StorageMeasures, p.TransferPlan,
            p.Lines.OrderBy(l => l.LineNo).Select(l => new ManagementPlanLineResponse(l.LineNo, l.WasteCode, l.WasteName, l.ExpectedG / 1000m)).ToList(),
            p.UpdatedAt, p.UpdatedBy, p.FiledAt, p.FiledBy, people.GetValueOrDefault(p.UpdatedBy, p.UpdatedBy), p.FiledBy is { } filer ? people.GetValueOrDefault(filer, filer) : null);
    }
}
