using System.Globalization;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Supervision;

internal sealed record YearTrendRow(int Year, int Inventories, decimal Scope1Tco2e, decimal Scope2LocationTco2e, decimal Scope2MarketTco2e, decimal EnergyTce);

internal sealed record MonthTrendRow(string Month, decimal Scope1Tco2e, decimal Scope2LocationTco2e, decimal Scope2MarketTco2e);

internal sealed record SupervisionTrends(int FromYear, int ToYear, IReadOnlyList<YearTrendRow> Years, IReadOnlyList<MonthTrendRow> Months);

internal sealed record RenewablesMonthRow(string Month, decimal SelfConsumedPvMwh, decimal GreenPowerMwh, decimal CertificatesRetired, decimal PvCertificatesSold);

internal sealed record RenewablesOrganisationRow(Guid OrganisationId, string OrganisationName, decimal SelfConsumedPvMwh, decimal GreenPowerMwh,
    decimal CertificatesRetired, decimal PvCertificatesSold);

internal sealed record SupervisionRenewables(int Year, decimal SelfConsumedPvMwh, decimal GreenPowerMwh, decimal CertificatesRetired, decimal PvCertificatesSold,
    int OrganisationsWithPv, int OrganisationsRetiringCertificates, IReadOnlyList<RenewablesMonthRow> Months, IReadOnlyList<RenewablesOrganisationRow> TopOrganisations);

/// <summary>
/// The regulator's trends: yearly and monthly totals of the submitted and approved inventories in the supervised
/// jurisdiction, and self-consumed PV, green power and green certificates from the recorded activity data.
/// </summary>
internal static class SupervisionTrendsEndpoints
{
    public const int MaxYears = 10;

    public static IEndpointRouteBuilder MapCarbonSupervisionTrends(this IEndpointRouteBuilder api)
    {
        api.MapGet("/supervision/trends", TrendsAsync)
            .WithName("GetCarbonSupervisionTrends")
            .WithSummary("Yearly and monthly totals (Scope 1, Scope 2 location- and market-based, energy) of submitted and approved inventories in the regulator's jurisdiction.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.Supervision);
        api.MapGet("/supervision/renewables", RenewablesAsync)
            .WithName("GetCarbonSupervisionRenewables")
            .WithSummary("Self-consumed PV, green-power purchases and green certificates (retired, sold) recorded in the regulator's jurisdiction for a year, by month and by organisation.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.Supervision);
        return api;
    }

    private static async Task<Results<Ok<SupervisionTrends>, ValidationProblem>> TrendsAsync(int? fromYear, int? toYear, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (fromYear is not (>= 2000 and <= 2100))
        {
            errors.Add("fromYear", "Give a calendar year between 2000 and 2100.");
        }

        if (toYear is not (>= 2000 and <= 2100))
        {
            errors.Add("toYear", "Give a calendar year between 2000 and 2100.");
        }
        else if (fromYear is { } f && (toYear < f || toYear - f >= MaxYears))
        {
            errors.Add("toYear", $"Give a year from fromYear to fromYear + {MaxYears - 1}.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var from = new DateOnly(fromYear!.Value, 1, 1);
        var to = new DateOnly(toYear!.Value, 12, 31);
        // Annual inventories of the range that have been submitted or approved; the query filter keeps the jurisdiction.
        var inventories = await db.Inventories.AsNoTracking()
            .Where(i => i.PeriodFrom >= from && i.PeriodFrom <= to && (i.Status == InventoryStatus.Submitted || i.Status == InventoryStatus.Approved))
            .Select(i => new { i.PeriodFrom, i.Scope1Tco2e, i.Scope2LocationTco2e, i.Scope2MarketTco2e, i.EnergyTce })
            .ToListAsync(cancellationToken);
        // Decimals cannot be summed in SQL on SQLite; only the three columns the totals need are read.
        var lines = await db.InventoryLines.AsNoTracking()
            .Where(l => db.Inventories.Any(i => i.Id == l.InventoryId && i.PeriodFrom >= from && i.PeriodFrom <= to
                && (i.Status == InventoryStatus.Submitted || i.Status == InventoryStatus.Approved)))
            .Select(l => new { l.Month, l.Scope, l.Co2eKg })
            .ToListAsync(cancellationToken);

        var years = Enumerable.Range(from.Year, to.Year - from.Year + 1).Select(y =>
        {
            var ofYear = inventories.Where(i => i.PeriodFrom.Year == y).ToList();
            return new YearTrendRow(y, ofYear.Count, ofYear.Sum(i => i.Scope1Tco2e ?? 0), ofYear.Sum(i => i.Scope2LocationTco2e ?? 0),
                ofYear.Sum(i => i.Scope2MarketTco2e ?? 0), ofYear.Sum(i => i.EnergyTce ?? 0));
        }).ToList();
        var byMonth = lines.GroupBy(l => l.Month).ToDictionary(g => g.Key, g => g.ToList());
        var months = new List<MonthTrendRow>();
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var ofMonth = byMonth.GetValueOrDefault(m) ?? [];
            months.Add(new MonthTrendRow(m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                ofMonth.Where(l => l.Scope == EmissionScope.Scope1).Sum(l => l.Co2eKg) / 1000m,
                ofMonth.Where(l => l.Scope == EmissionScope.Scope2LocationBased).Sum(l => l.Co2eKg) / 1000m,
                ofMonth.Where(l => l.Scope == EmissionScope.Scope2MarketBased).Sum(l => l.Co2eKg) / 1000m));
        }

        return TypedResults.Ok(new SupervisionTrends(from.Year, to.Year, years, months));
    }

    private static async Task<Results<Ok<SupervisionRenewables>, ValidationProblem>> RenewablesAsync(int? year, int? top, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (year is not (>= 2000 and <= 2100))
        {
            return CarbonProblems.Validation("year", "Give a calendar year between 2000 and 2100.");
        }

        var from = new DateOnly(year.Value, 1, 1);
        var to = new DateOnly(year.Value, 12, 1);
        ActivityKind[] kinds = [ActivityKind.SelfConsumedPv, ActivityKind.GreenPowerContract, ActivityKind.CertificatesRetired, ActivityKind.PvCertificatesSold];
        var records = await db.Activities.AsNoTracking()
            .Where(a => a.Month >= from && a.Month <= to && kinds.Contains(a.Kind))
            .Select(a => new { a.OrganisationId, a.Month, a.Kind, a.QuantityValue, a.QuantityUnit })
            .ToListAsync(cancellationToken);
        // Units were checked by dimension when the records were entered: energy for PV and green power, a count for certificates.
        var rows = records.Select(r => new
        {
            r.OrganisationId,
            r.Month,
            r.Kind,
            Value = r.Kind is ActivityKind.SelfConsumedPv or ActivityKind.GreenPowerContract
                ? Quantity.Of(r.QuantityValue, r.QuantityUnit).In(UnitCatalogue.MegawattHour)
                : Quantity.Of(r.QuantityValue, r.QuantityUnit).In(UnitCatalogue.One),
        }).ToList();
        var months = new List<RenewablesMonthRow>();
        for (var m = from; m <= to; m = m.AddMonths(1))
        {
            var month = m;
            var ofMonth = rows.Where(r => r.Month == month).ToList();
            months.Add(new RenewablesMonthRow(m.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                ofMonth.Where(r => r.Kind == ActivityKind.SelfConsumedPv).Sum(r => r.Value),
                ofMonth.Where(r => r.Kind == ActivityKind.GreenPowerContract).Sum(r => r.Value),
                ofMonth.Where(r => r.Kind == ActivityKind.CertificatesRetired).Sum(r => r.Value),
                ofMonth.Where(r => r.Kind == ActivityKind.PvCertificatesSold).Sum(r => r.Value)));
        }

        var organisationIds = rows.Select(r => r.OrganisationId).Distinct().ToList();
        var names = await db.PlatformOrganisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var byOrganisation = rows.GroupBy(r => r.OrganisationId).Select(g => new RenewablesOrganisationRow(g.Key.Value, names.GetValueOrDefault(g.Key, string.Empty),
                g.Where(r => r.Kind == ActivityKind.SelfConsumedPv).Sum(r => r.Value),
                g.Where(r => r.Kind == ActivityKind.GreenPowerContract).Sum(r => r.Value),
                g.Where(r => r.Kind == ActivityKind.CertificatesRetired).Sum(r => r.Value),
                g.Where(r => r.Kind == ActivityKind.PvCertificatesSold).Sum(r => r.Value)))
            .ToList();

        return TypedResults.Ok(new SupervisionRenewables(year.Value,
            months.Sum(m => m.SelfConsumedPvMwh), months.Sum(m => m.GreenPowerMwh), months.Sum(m => m.CertificatesRetired), months.Sum(m => m.PvCertificatesSold),
            byOrganisation.Count(o => o.SelfConsumedPvMwh > 0), byOrganisation.Count(o => o.CertificatesRetired > 0),
            months,
            byOrganisation.OrderByDescending(o => o.SelfConsumedPvMwh + o.GreenPowerMwh + o.CertificatesRetired).ThenBy(o => o.OrganisationId)
                .Take(Math.Clamp(top ?? 10, 1, 100)).ToList()));
    }
}
