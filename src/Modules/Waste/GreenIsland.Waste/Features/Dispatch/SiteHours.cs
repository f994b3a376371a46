using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>
/// When a generator's site accepts a pickup, per weekday (China Standard Time): the planner's time windows. A site
/// without a row, or a weekday without intervals, is "any time within the vehicle's shift" (closed days are said by
/// listing the day with no interval: <c>closed</c>). Visible to the generator, its collectors and its regulators.
/// </summary>
internal sealed class SiteOpeningHours : IGeneratorRow
{
    private SiteOpeningHours()
    {
        Hours = UpdatedBy = string.Empty;
    }

    public SiteId SiteId { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    /// <summary>Per ISO weekday, e.g. <c>1=08:00-11:30,13:30-17:00;6=closed</c>; weekdays not listed are open all shift.</summary>
    public string Hours { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; }

    public static SiteOpeningHours For(PlatformSiteView site) => new()
    {
        SiteId = site.Id,
        OrganisationId = site.OrganisationId,
        DistrictId = site.DistrictId,
        TownId = site.TownId,
    };

    public void Set(IReadOnlyDictionary<int, IReadOnlyList<OpeningInterval>?> week, DateTime now, string actor)
    {
        Hours = string.Join(';', week.OrderBy(d => d.Key).Select(d => $"{d.Key.ToString(CultureInfo.InvariantCulture)}="
            + (d.Value is null or { Count: 0 } ? "closed" : string.Join(',', d.Value.Select(i => $"{Hm(i.Open)}-{Hm(i.Close)}")))));
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>Null: no restriction that day; empty list: closed.</summary>
    public IReadOnlyList<OpeningInterval>? On(DayOfWeek day) => Parse(Hours).GetValueOrDefault(IsoDay(day));

    public static Dictionary<int, IReadOnlyList<OpeningInterval>?> Parse(string text)
    {
        var result = new Dictionary<int, IReadOnlyList<OpeningInterval>?>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var part in text.Split(';'))
        {
            var (day, intervals) = (part[..part.IndexOf('=', StringComparison.Ordinal)], part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            result[int.Parse(day, CultureInfo.InvariantCulture)] = intervals == "closed"
                ? []
                : intervals.Split(',').Select(i => new OpeningInterval(TimeOnly.ParseExact(i[..5], "HH:mm", CultureInfo.InvariantCulture),
                    TimeOnly.ParseExact(i[6..], "HH:mm", CultureInfo.InvariantCulture))).ToList();
        }

        return result;
    }

    public static int IsoDay(DayOfWeek day) => day == DayOfWeek.Sunday ? 7 : (int)day;

    private static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    internal sealed class Configuration : IEntityTypeConfiguration<SiteOpeningHours>
    {
        public const string Table = "waste_site_opening_hours";

        public void Configure(EntityTypeBuilder<SiteOpeningHours> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.SiteId).HasName("pk_waste_site_opening_hours");
            b.Property(x => x.SiteId).HasColumnName("site_id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Hours).HasColumnName("hours").HasMaxLength(500);
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(200);
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_site_opening_hours_organisation_id");
        }
    }
}

internal sealed record OpeningDayRequest(int? Weekday, IReadOnlyList<string>? Intervals);

internal sealed record OpeningHoursRequest(IReadOnlyList<OpeningDayRequest>? Days);

internal sealed record OpeningDayResponse(int Weekday, IReadOnlyList<string> Intervals, bool Closed);

internal sealed record OpeningHoursResponse(Guid SiteId, IReadOnlyList<OpeningDayResponse> Days);

/// <summary>Reads opening hours for the planner and serves the endpoints.</summary>
internal sealed class SiteHours
{
    public async Task<Dictionary<SiteId, IReadOnlyList<OpeningInterval>>> ForAsync(WasteDbContext db, IEnumerable<SiteId> sites, DateOnly date, CancellationToken cancellationToken)
    {
        var ids = sites.Distinct().ToList();
        var rows = await db.Set<SiteOpeningHours>().IgnoreQueryFilters().AsNoTracking().Where(h => ids.Contains(h.SiteId)).ToListAsync(cancellationToken);
        var result = new Dictionary<SiteId, IReadOnlyList<OpeningInterval>>();
        foreach (var row in rows)
        {
            // A closed day gets an empty window at midnight: the stop cannot be served, and the planner says so.
            var day = row.On(date.DayOfWeek);
            if (day is not null)
            {
                result[row.SiteId] = day.Count == 0 ? [new OpeningInterval(TimeOnly.MinValue, TimeOnly.MinValue)] : day;
            }
        }

        return result;
    }

    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/sites/{siteId:guid}/opening-hours", GetAsync)
            .WithName("GetSiteOpeningHours").WithSummary("When a site accepts pickups, per ISO weekday (1 = Monday); days not listed: any time.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPut("/sites/{siteId:guid}/opening-hours", PutAsync)
            .WithName("SetSiteOpeningHours").WithSummary("Sets a site's pickup hours (the generator's own users).")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<OpeningHoursResponse>, ProblemHttpResult>> GetAsync(Guid siteId, WasteDbContext db, IActorContext actors, CancellationToken cancellationToken)
    {
        var row = await db.Set<SiteOpeningHours>().AsNoTracking().SingleOrDefaultAsync(h => h.SiteId == new SiteId(siteId), cancellationToken);
        if (row is not null)
        {
            return TypedResults.Ok(Response(row));
        }

        // No hours recorded yet: the generator's own users (and the operator) get an empty week; others cannot tell
        // an unrecorded site from a site they may not see.
        var site = await db.Set<PlatformSiteView>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == new SiteId(siteId), cancellationToken);
        return site is not null && WasteAccess.CanActForGenerator(actors.Current, site.OrganisationId)
            ? TypedResults.Ok(new OpeningHoursResponse(siteId, []))
            : WasteProblems.NotFound("No opening hours recorded for this site.");
    }

    private static async Task<Results<Ok<OpeningHoursResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(Guid siteId, OpeningHoursRequest request, WasteDbContext db,
        IActorContext actors, TimeProvider clock, CancellationToken cancellationToken)
    {
        var site = await db.Set<PlatformSiteView>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == new SiteId(siteId), cancellationToken);
        if (site is null || !WasteAccess.CanActForGenerator(actors.Current, site.OrganisationId) || actors.Current.Kind != ActorKind.User)
        {
            return WasteProblems.NotFound("No such site among yours.");
        }

        var errors = new FieldErrors();
        var week = new Dictionary<int, IReadOnlyList<OpeningInterval>?>();
        if (request.Days is null)
        {
            errors.Add("days", "List the weekdays with their pickup intervals (an empty list of intervals = closed).");
        }
        else
        {
            for (var i = 0; i < request.Days.Count; i++)
            {
                var d = request.Days[i];
                if (d.Weekday is not (>= 1 and <= 7) || week.ContainsKey(d.Weekday.Value))
                {
                    errors.Add($"days[{i}].weekday", "Give each ISO weekday (1 = Monday ... 7 = Sunday) once.");
                    continue;
                }

                var intervals = new List<OpeningInterval>();
                foreach (var text in d.Intervals ?? [])
                {
                    if (text is not { Length: 11 } || text[5] != '-'
                        || !TimeOnly.TryParseExact(text[..5], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var open)
                        || !TimeOnly.TryParseExact(text[6..], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var close) || close <= open)
                    {
                        errors.Add($"days[{i}].intervals", $"'{text}' is not an interval like 08:00-11:30.");
                    }
                    else if (intervals.Count > 0 && open < intervals[^1].Close)
                    {
                        errors.Add($"days[{i}].intervals", "Intervals must be in order and must not overlap.");
                    }
                    else
                    {
                        intervals.Add(new OpeningInterval(open, close));
                    }
                }

                week[d.Weekday.Value] = intervals;
            }
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        var row = await db.Set<SiteOpeningHours>().SingleOrDefaultAsync(h => h.SiteId == site.Id, cancellationToken);
        if (row is null)
        {
            row = SiteOpeningHours.For(site);
            db.Add(row);
        }

        row.Set(week, clock.GetUtcNow().UtcDateTime, actors.Current.AuditName);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Response(row));
    }

    private static OpeningHoursResponse Response(SiteOpeningHours row) => new(row.SiteId.Value,
        SiteOpeningHours.Parse(row.Hours).OrderBy(d => d.Key).Select(d => new OpeningDayResponse(d.Key,
            (d.Value ?? []).Select(i => $"{i.Open.ToString("HH:mm", CultureInfo.InvariantCulture)}-{i.Close.ToString("HH:mm", CultureInfo.InvariantCulture)}").ToList(),
            d.Value is { Count: 0 })).ToList());
}
