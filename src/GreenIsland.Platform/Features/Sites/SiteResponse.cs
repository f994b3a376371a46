using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Reference;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.SharedKernel.Results;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Sites;

internal sealed record SiteResponse(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    string Name,
    string Address,
    Guid TownId,
    string TownName,
    double Latitude,
    double Longitude,
    string IndustryClassCode,
    string IndustryClassName,
    bool IsDemo);

internal sealed record SiteRequest(Guid? OrganisationId, string? Name, string? Address, Guid? TownId, double? Latitude, double? Longitude, string? IndustryClassCode);

internal sealed record ValidSiteInput(string Name, string Address, Jurisdiction Town, GeoPoint Location, string IndustryClassCode);

internal static class SiteProjection
{
    public static async Task<List<SiteResponse>> ToResponsesAsync(IQueryable<Site> query, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var rows = await (
                from s in query
                join t in db.Jurisdictions on s.TownId equals t.Id
                select new { s.Id, s.OrganisationId, s.Name, s.Address, s.TownId, TownName = t.Name, s.LatitudeDeg, s.LongitudeDeg, s.IndustryClassCode, s.IsDemo })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var organisations = await Names.OfOrganisationsAsync(db, rows.Select(r => r.OrganisationId), cancellationToken);
        return rows.Select(r => new SiteResponse(r.Id.Value, r.OrganisationId.Value, organisations.GetValueOrDefault(r.OrganisationId, string.Empty), r.Name, r.Address, r.TownId.Value, r.TownName,
            r.LatitudeDeg, r.LongitudeDeg, r.IndustryClassCode, IndustryClassCatalogue.NameOf(r.IndustryClassCode), r.IsDemo)).ToList();
    }

    public static async Task<ValidSiteInput?> ValidateAsync(PlatformDbContext db, FieldErrors errors, SiteRequest request, CancellationToken cancellationToken)
    {
        errors.Required("name", request.Name, Site.NameMaxLength).Required("address", request.Address, Site.AddressMaxLength);
        if (!IndustryClassCatalogue.TryGetClass(request.IndustryClassCode?.Trim(), out var industryClass))
        {
            errors.Add("industryClassCode", "A GB/T 4754-2017 class code (4 digits) from /api/reference/industry-classes is required.");
        }

        var location = default(GeoPoint);
        if (request.Latitude is null)
        {
            errors.Add("latitude", "This field is required.");
        }

        if (request.Longitude is null)
        {
            errors.Add("longitude", "This field is required.");
        }

        if (request.Latitude is { } lat && request.Longitude is { } lon && !GeoPoint.TryCreate(lat, lon, out location, out var field, out var reason))
        {
            errors.Add(field, reason);
        }

        Jurisdiction? town = null;
        if (request.TownId is not { } townId)
        {
            errors.Add("townId", "This field is required.");
        }
        else
        {
            var id = new JurisdictionId(townId);
            town = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
            if (town is null || town.Level != JurisdictionLevel.Town)
            {
                errors.Add("townId", "No town has this id.");
                town = null;
            }
        }

        return errors.Any ? null : new ValidSiteInput(request.Name!.Trim(), request.Address!.Trim(), town!, location, industryClass.Code);
    }

    public static JsonObject Payload(Site s) => new()
    {
        ["id"] = s.Id.Value.ToString("D"),
        ["organisationId"] = s.OrganisationId.Value.ToString("D"),
        ["name"] = s.Name,
        ["address"] = s.Address,
        ["townId"] = s.TownId.Value.ToString("D"),
        ["latitude"] = s.LatitudeDeg,
        ["longitude"] = s.LongitudeDeg,
        ["industryClassCode"] = s.IndustryClassCode,
    };
}
