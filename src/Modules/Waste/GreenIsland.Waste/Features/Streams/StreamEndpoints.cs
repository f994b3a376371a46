using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Features.Catalogue;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Streams;

internal sealed record CreateStreamRequest(Guid? SiteId, string? Edition, string? WasteCode, string? Name, string? PhysicalForm, IReadOnlyList<string>? Characteristics,
    string? Packaging, string? MainComponents, string? Precautions, decimal? ExpectedAnnualKg, string? CompatibilityGroup);

internal sealed record StreamResponse(Guid Id, Guid OrganisationId, Guid SiteId, string SiteName, string Edition, string WasteCode, string CategoryCode, string Name,
    string PhysicalForm, IReadOnlyList<string> Characteristics, string Packaging, string? MainComponents, string? Precautions, decimal ExpectedAnnualKg,
    string CompatibilityGroup, bool IsActive, string EnterpriseTier, decimal EnterpriseExpectedAnnualKg, string DeclarationFrequency, DateTime CreatedAt);

internal sealed record TierResponse(Guid OrganisationId, decimal ExpectedAnnualKg, string Tier, string DeclarationFrequency, int Streams);

internal static class StreamEndpoints
{
    public static IEndpointRouteBuilder MapStreams(this IEndpointRouteBuilder api)
    {
        api.MapGet("/streams", ListAsync)
            .WithName("ListWasteStreams")
            .WithSummary("Waste streams the caller may see (own enterprise, served generators, jurisdiction), with the enterprise's HJ 1259 tier.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/streams", CreateAsync)
            .WithName("CreateWasteStream")
            .WithSummary("Registers a waste stream at a site of the caller's enterprise: catalogue code + edition, name, form, characteristics, packaging, expected annual kg, compatibility group.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/streams/tier", TierAsync)
            .WithName("GetWasteManagementTier")
            .WithSummary("An enterprise's HJ 1259 management tier from the expected annual quantity of its active streams (< 10 t registration/annual, >= 10 t simplified/quarterly, >= 100 t key supervised/monthly).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<List<StreamResponse>>> ListAsync(Guid? siteId, Guid? organisationId, WasteDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Set<WasteStream>().AsNoTracking();
        if (siteId is { } s)
        {
            query = query.Where(x => x.SiteId == new SiteId(s));
        }

        if (organisationId is { } o)
        {
            query = query.Where(x => x.OrganisationId == new OrganisationId(o));
        }

        var streams = await query.OrderBy(x => x.CreatedAt).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToResponsesAsync(db, streams, cancellationToken));
    }

    private static async Task<Results<Ok<TierResponse>, ValidationProblem>> TierAsync(Guid? organisationId, WasteDbContext db, IActorContext actor, CancellationToken cancellationToken)
    {
        var organisation = organisationId is { } o ? new OrganisationId(o) : actor.Current.OrganisationId;
        var grams = await db.Set<WasteStream>().Where(x => x.OrganisationId == organisation && x.IsActive).Select(x => x.ExpectedAnnualG).ToListAsync(cancellationToken);
        if (grams.Count == 0 && !await db.Set<PlatformOrganisationView>().AnyAsync(x => x.Id == organisation, cancellationToken))
        {
            return WasteProblems.Validation("organisationId", "No enterprise has this id.");
        }

        // An enterprise the caller cannot see yields no streams: the answer is the same as for an enterprise without streams.
        var total = grams.Sum();
        var tier = ManagementTiers.ForAnnualGrams(total);
        return TypedResults.Ok(new TierResponse(organisation.Value, Weights.ToKg(total), tier.ToString(), ManagementTiers.FrequencyOf(tier).ToString(), grams.Count));
    }

    private static async Task<Results<Created<StreamResponse>, ValidationProblem>> CreateAsync(CreateStreamRequest request, WasteDbContext db, IActorContext actor,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        PlatformSiteView? site = null;
        if (request.SiteId is not { } siteId)
        {
            errors.Add("siteId", "This field is required.");
        }
        else
        {
            site = await db.Set<PlatformSiteView>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == new SiteId(siteId), cancellationToken);
            if (site is null || !WasteAccess.CanActForGenerator(actor.Current, site.OrganisationId))
            {
                errors.Add("siteId", "No site of your enterprise has this id.");
                site = null;
            }
        }

        var edition = string.IsNullOrWhiteSpace(request.Edition) ? await CatalogueEndpoints.LatestEditionAsync(db, cancellationToken) : request.Edition.Trim();
        WasteCodeEntry? code = null;
        if (!HazardousWasteCode.TryParse(request.WasteCode, out var parsed, out var codeReason))
        {
            errors.Add("wasteCode", codeReason);
        }
        else if (!await db.Set<CatalogueEdition>().AnyAsync(e => e.Code == edition, cancellationToken))
        {
            errors.Add("edition", $"Unknown edition '{edition}'.");
        }
        else
        {
            code = await db.Set<WasteCodeEntry>().AsNoTracking().SingleOrDefaultAsync(c => c.Edition == edition && c.Code == parsed.Value, cancellationToken);
            if (code is null)
            {
                errors.Add("wasteCode", $"{parsed.Value} is not in the {edition} catalogue; the operator imports the official list.");
            }
        }

        errors.Required("name", request.Name, WasteStream.NameMaxLength);
        errors.Required("packaging", request.Packaging, 100);
        errors.MaxLength("mainComponents", request.MainComponents, WasteStream.TextMaxLength);
        errors.MaxLength("precautions", request.Precautions, WasteStream.TextMaxLength);
        if (!Enum.TryParse<PhysicalForm>(request.PhysicalForm, ignoreCase: false, out var form) || !Enum.IsDefined(form) || int.TryParse(request.PhysicalForm, out _))
        {
            errors.Add("physicalForm", $"Use one of: {string.Join(", ", Enum.GetNames<PhysicalForm>())}.");
        }

        var group = CompatibilityGroup.General;
        if (request.CompatibilityGroup is not null
            && (!Enum.TryParse(request.CompatibilityGroup, ignoreCase: false, out group) || !Enum.IsDefined(group) || int.TryParse(request.CompatibilityGroup, out _)))
        {
            errors.Add("compatibilityGroup", $"Use one of: {string.Join(", ", Enum.GetNames<CompatibilityGroup>())}.");
        }

        string characteristics = string.Empty;
        if (request.Characteristics is { Count: > 0 } given)
        {
            if (HazardCharacteristics.TryParse(string.Join(',', given), out var values, out var reason))
            {
                characteristics = HazardCharacteristics.Format(values);
            }
            else
            {
                errors.Add("characteristics", reason);
            }
        }
        else if (code is not null)
        {
            characteristics = code.Characteristics;
        }

        if (!Weights.TryToGrams(request.ExpectedAnnualKg, allowZero: false, out var grams, out var weightReason))
        {
            errors.Add("expectedAnnualKg", weightReason);
        }

        if (errors.Any || site is null || code is null)
        {
            return WasteProblems.Validation(errors);
        }

        var stream = new WasteStream
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = site.OrganisationId,
            SiteId = site.Id,
            DistrictId = site.DistrictId,
            TownId = site.TownId,
            Edition = code.Edition,
            WasteCode = code.Code,
            CategoryCode = code.CategoryCode,
            Name = request.Name!.Trim(),
            PhysicalForm = form,
            Characteristics = characteristics,
            Packaging = request.Packaging!.Trim(),
            MainComponents = request.MainComponents?.Trim(),
            Precautions = request.Precautions?.Trim(),
            ExpectedAnnualG = grams,
            CompatibilityGroup = group,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor.Current.AuditName,
        };
        db.Add(stream);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/streams?siteId={site.Id}", (await ToResponsesAsync(db, [stream], cancellationToken))[0]);
    }

    internal static async Task<List<StreamResponse>> ToResponsesAsync(WasteDbContext db, IReadOnlyList<WasteStream> streams, CancellationToken cancellationToken)
    {
        var siteIds = streams.Select(s => s.SiteId).Distinct().ToList();
        var sites = await db.Set<PlatformSiteView>().AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var organisations = streams.Select(s => s.OrganisationId).Distinct().ToList();
        var totals = (await db.Set<WasteStream>().AsNoTracking().Where(s => organisations.Contains(s.OrganisationId) && s.IsActive)
                .Select(s => new { s.OrganisationId, s.ExpectedAnnualG }).ToListAsync(cancellationToken))
            .GroupBy(x => x.OrganisationId).ToDictionary(g => g.Key, g => g.Sum(x => x.ExpectedAnnualG));
        return streams.Select(s =>
        {
            var total = totals.GetValueOrDefault(s.OrganisationId);
            var tier = ManagementTiers.ForAnnualGrams(total);
            return new StreamResponse(s.Id, s.OrganisationId.Value, s.SiteId.Value, sites.GetValueOrDefault(s.SiteId, "?"), s.Edition, s.WasteCode, s.CategoryCode,
                s.Name, s.PhysicalForm.ToString(), s.Characteristics.Split(',', StringSplitOptions.RemoveEmptyEntries), s.Packaging, s.MainComponents, s.Precautions,
                Weights.ToKg(s.ExpectedAnnualG), s.CompatibilityGroup.ToString(), s.IsActive, tier.ToString(), Weights.ToKg(total),
                ManagementTiers.FrequencyOf(tier).ToString(), s.CreatedAt);
        }).ToList();
    }
}
