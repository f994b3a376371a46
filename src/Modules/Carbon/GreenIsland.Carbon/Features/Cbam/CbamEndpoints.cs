using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GreenIsland.Carbon.Domain.Cbam;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Carbon.Reports;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Cbam;

internal sealed record SaveInstallationRequest(
    string? InstallationCode, string? Name, string? EconomicActivity, string? Country, string? SubDivision, string? City, string? Street, string? Number,
    string? Postcode, string? UnLocode, string? OperatorId, string? OperatorName, string? ContactName, string? ContactPhone, string? ContactEmail);

internal sealed record SaveGoodRequest(string? CnCode, string? Description, string? ProductionRoute);

internal sealed record SavePrecursorRequest(string? CnCode, decimal? MassTonnes, decimal? SeeDirect, decimal? SeeIndirect, Guid? SourcePeriodId, string? Source);

internal sealed record SavePeriodRequest(
    DateOnly? PeriodFrom, DateOnly? PeriodTo, decimal? ActivityLevelTonnes, decimal? AttributedDirectTco2e, decimal? ElectricityConsumedMwh,
    string? ElectricitySource, decimal? ElectricityFactorTco2PerMwh, string? ElectricityFactorSource, IReadOnlyList<SavePrecursorRequest>? Precursors);

internal sealed record PrecursorResponse(string CnCode, decimal MassTonnes, decimal SeeDirect, decimal SeeIndirect, Guid? SourcePeriodId, string Source);

internal sealed record PeriodResponse(Guid Id, Guid GoodId, DateOnly PeriodFrom, DateOnly PeriodTo, decimal ActivityLevelTonnes, decimal AttributedDirectTco2e,
    decimal ElectricityConsumedMwh, string ElectricitySource, decimal ElectricityFactorTco2PerMwh, string ElectricityFactorSource, string GoodType,
    decimal SeeDirectExact, decimal SeeIndirectExact, CbamSeeResponse SpecificEmbeddedEmissions, decimal ElectricityMwhPerTonne,
    IReadOnlyList<PrecursorResponse> Precursors, DateTime CalculatedAt);

internal sealed record GoodResponse(Guid Id, Guid InstallationId, string CnCode, string Description, string ProductionRoute, IReadOnlyList<PeriodResponse> Periods);

internal sealed record InstallationResponse(Guid Id, Guid OrganisationId, string InstallationCode, string Name, string? EconomicActivity, string Country,
    string? SubDivision, string City, string? Street, string? Number, string? Postcode, string? UnLocode, string OperatorId, string OperatorName,
    string ContactName, string ContactPhone, string ContactEmail, DateTime CreatedAt, IReadOnlyList<GoodResponse> Goods);

/// <summary>
/// Saved CBAM data of an exporting enterprise: installations, goods (8-digit CN code) with their production route,
/// reporting periods whose specific embedded emissions are computed and stored (exact and rounded per the rule),
/// and the supplier communication (JSON, XLSX) built from them.
/// </summary>
internal static partial class CbamEndpoints
{
    public static IEndpointRouteBuilder MapCbamData(this IEndpointRouteBuilder api)
    {
        api.MapPost("/cbam/installations", CreateInstallationAsync)
            .WithName("CreateCbamInstallation").WithSummary("Saves a CBAM installation of the caller's organisation (operator, address, country, optional UN/LOCODE, contact).")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/cbam/installations", ListInstallationsAsync)
            .WithName("ListCbamInstallations").WithSummary("Lists the CBAM installations the caller may see.")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/cbam/installations/{id:guid}", GetInstallationAsync)
            .WithName("GetCbamInstallation").WithSummary("An installation with its goods and their reporting periods (stored SEE).")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/cbam/installations/{id:guid}/goods", AddGoodAsync)
            .WithName("AddCbamGood").WithSummary("Adds a good (8-digit CN code) produced at the installation by a named production process / route.")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/cbam/goods/{goodId:guid}/periods", AddPeriodAsync)
            .WithName("AddCbamReportingPeriod")
            .WithSummary("Saves a reporting period of a good (activity level, attributed emissions, electricity and its factor, precursors) and computes and stores its SEE, direct and indirect.")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/cbam/installations/{id:guid}/supplier-communication", SupplierCommunicationAsync)
            .WithName("GetCbamSupplierCommunication").WithSummary("The supplier emissions communication for EU importers from the installation's saved periods within [periodFrom, periodTo] (JSON).")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/cbam/installations/{id:guid}/supplier-communication.xlsx", SupplierCommunicationXlsxAsync)
            .WithName("GetCbamSupplierCommunicationXlsx").WithSummary("The same supplier emissions communication as an XLSX workbook.")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/cbam/quarterly-report", QuarterlyReportAsync)
            .WithName("CreateCbamQuarterlyReport")
            .WithSummary("Writes a CBAM quarterly report (QReport v17.00 XML) for imported quantities of saved reporting periods; code-list values are passed through as given.")
            .WithTags("Carbon CBAM").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    [GeneratedRegex("^[0-9]{8}$")]
    internal static partial Regex CnCode();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex Country();

    [GeneratedRegex("^[A-Z]{2}[A-Z2-9]{3}$")]
    private static partial Regex UnLocode();

    private static async Task<Results<Created<InstallationResponse>, ValidationProblem, ProblemHttpResult>> CreateInstallationAsync(
        SaveInstallationRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = actor.Current;
        if (current.Kind != ActorKind.User || !CarbonAccess.CanEdit(current, current.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only an enterprise's own users can save its CBAM installations.");
        }

        var errors = new FieldErrors();
        errors.Required("installationCode", request.InstallationCode, 17);
        errors.Required("name", request.Name, 256);
        errors.MaxLength("economicActivity", request.EconomicActivity, 256);
        var country = request.Country?.Trim() ?? string.Empty;
        if (!Country().IsMatch(country))
        {
            errors.Add("country", "Give the ISO 3166-1 alpha-2 country code in capitals, for example CN.");
        }

        errors.MaxLength("subDivision", request.SubDivision, 35);
        errors.Required("city", request.City, 35);
        errors.MaxLength("street", request.Street, 70);
        errors.MaxLength("number", request.Number, 35);
        errors.MaxLength("postcode", request.Postcode, 17);
        var locode = string.IsNullOrWhiteSpace(request.UnLocode) ? null : request.UnLocode.Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        if (locode is not null && (!UnLocode().IsMatch(locode) || !locode.StartsWith(country, StringComparison.Ordinal)))
        {
            errors.Add("unLocode", "A UN/LOCODE is the country code plus 3 letters or digits 2-9, for the installation's country (for example CNCZX).");
        }

        errors.Required("operatorId", request.OperatorId, 17);
        errors.Required("operatorName", request.OperatorName, 70);
        errors.Required("contactName", request.ContactName, 70);
        errors.Required("contactPhone", request.ContactPhone, 35);
        errors.Required("contactEmail", request.ContactEmail, 256);
        if (request.ContactEmail is { } email && !email.Contains('@', StringComparison.Ordinal))
        {
            errors.Add("contactEmail", "Give an e-mail address.");
        }

        var code = request.InstallationCode?.Trim();
        if (!errors.Any && await db.CbamInstallations.AnyAsync(i => i.OrganisationId == current.OrganisationId && i.InstallationCode == code, cancellationToken))
        {
            errors.Add("installationCode", "Your organisation already has an installation with this code.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var site = await db.PlatformSites.AsNoTracking().Where(s => s.OrganisationId == current.OrganisationId).OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        var row = new CbamInstallationRow
        {
            Id = Guid.CreateVersion7(), OrganisationId = current.OrganisationId, DistrictId = site?.DistrictId, TownId = site?.TownId, InstallationCode = code!,
            Name = request.Name!.Trim(), EconomicActivity = Trim(request.EconomicActivity), Country = country, SubDivision = Trim(request.SubDivision),
            City = request.City!.Trim(), Street = Trim(request.Street), Number = Trim(request.Number), Postcode = Trim(request.Postcode), UnLocode = locode,
            OperatorId = request.OperatorId!.Trim(), OperatorName = request.OperatorName!.Trim(), ContactName = request.ContactName!.Trim(),
            ContactPhone = request.ContactPhone!.Trim(), ContactEmail = request.ContactEmail!.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = current.AuditName,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.CbamInstallations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, row, "CbamInstallationSaved", current, new JsonObject { ["installationCode"] = row.InstallationCode, ["name"] = row.Name, ["country"] = row.Country }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/cbam/installations/{row.Id}", ToResponse(row, [], []));
    }

    private static async Task<Ok<List<InstallationResponse>>> ListInstallationsAsync(CarbonDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.CbamInstallations.AsNoTracking().OrderBy(i => i.Name).ThenBy(i => i.Id).Take(1_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(r => ToResponse(r, [], [])).ToList());
    }

    private static async Task<Results<Ok<InstallationResponse>, ProblemHttpResult>> GetInstallationAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.CbamInstallations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound("No CBAM installation you may see has this id.");
        }

        var (goods, periods) = await GoodsAndPeriodsAsync(db, id, null, null, cancellationToken);
        return TypedResults.Ok(ToResponse(row, goods, periods));
    }

    private static async Task<Results<Created<GoodResponse>, ValidationProblem, ProblemHttpResult>> AddGoodAsync(
        Guid id, SaveGoodRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var installation = await db.CbamInstallations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (installation is null)
        {
            return NotFound("No CBAM installation you may see has this id.");
        }

        if (!CarbonAccess.CanEdit(actor.Current, installation.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can add goods.");
        }

        var errors = new FieldErrors();
        var cn = request.CnCode?.Trim() ?? string.Empty;
        if (!CnCode().IsMatch(cn))
        {
            errors.Add("cnCode", "Give the 8-digit CN code (digits only), for example 72081000.");
        }

        errors.Required("description", request.Description, 512);
        errors.Required("productionRoute", request.ProductionRoute, 200);
        var route = request.ProductionRoute?.Trim();
        if (!errors.Any && await db.CbamGoods.AnyAsync(g => g.InstallationId == id && g.CnCode == cn && g.ProductionRoute == route, cancellationToken))
        {
            errors.Add("cnCode", "The installation already has this good with this production route.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var good = new CbamGoodRow
        {
            Id = Guid.CreateVersion7(), InstallationId = id, OrganisationId = installation.OrganisationId, DistrictId = installation.DistrictId, TownId = installation.TownId,
            CnCode = cn, Description = request.Description!.Trim(), ProductionRoute = route!, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.CbamGoods.Add(good);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, installation, "CbamGoodAdded", actor.Current,
            new JsonObject { ["goodId"] = good.Id.ToString(), ["cnCode"] = cn, ["productionRoute"] = good.ProductionRoute }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/cbam/installations/{id}", new GoodResponse(good.Id, id, good.CnCode, good.Description, good.ProductionRoute, []));
    }

    private static async Task<Results<Created<PeriodResponse>, ValidationProblem, ProblemHttpResult>> AddPeriodAsync(
        Guid goodId, SavePeriodRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var good = await db.CbamGoods.AsNoTracking().SingleOrDefaultAsync(g => g.Id == goodId, cancellationToken);
        if (good is null)
        {
            return NotFound("No CBAM good you may see has this id.");
        }

        if (!CarbonAccess.CanEdit(actor.Current, good.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can save reporting periods.");
        }

        var errors = new FieldErrors();
        if (request.PeriodFrom is not { } from || request.PeriodTo is not { } to || to < from)
        {
            errors.Add("periodTo", "Give a reporting period with periodFrom on or before periodTo.");
        }
        else if (await db.CbamPeriods.AnyAsync(p => p.GoodId == goodId && p.PeriodFrom == from, cancellationToken))
        {
            errors.Add("periodFrom", "This good already has a reporting period starting on this date.");
        }

        Amount(errors, "activityLevelTonnes", request.ActivityLevelTonnes, strictly: true);
        Amount(errors, "attributedDirectTco2e", request.AttributedDirectTco2e, strictly: false);
        Amount(errors, "electricityConsumedMwh", request.ElectricityConsumedMwh, strictly: false);
        Amount(errors, "electricityFactorTco2PerMwh", request.ElectricityFactorTco2PerMwh, strictly: false);
        errors.Required("electricityFactorSource", request.ElectricityFactorSource, 512);
        if (!Enum.TryParse<CbamElectricitySource>(request.ElectricitySource, ignoreCase: false, out var source) || !Enum.IsDefined(source)
            || int.TryParse(request.ElectricitySource, out _))
        {
            errors.Add("electricitySource", $"Use one of: {string.Join(", ", Enum.GetNames<CbamElectricitySource>())}.");
        }
        else if (source == CbamElectricitySource.GreenCertificate)
        {
            errors.Add("electricitySource", "CBAM does not accept green electricity certificates for indirect emissions; use GridCountryDefault, or DirectConnection/PowerPurchaseAgreement with the generator's factor.");
        }

        var precursors = new List<CbamPrecursorRow>();
        if (request.Precursors is { Count: > 99 })
        {
            errors.Add("precursors", "At most 99 precursors.");
        }

        for (var i = 0; request.Precursors is { Count: <= 99 } && i < request.Precursors.Count; i++)
        {
            var p = request.Precursors[i];
            var f = $"precursors[{i}]";
            var pcn = p.CnCode?.Trim() ?? string.Empty;
            if (!CnCode().IsMatch(pcn))
            {
                errors.Add($"{f}.cnCode", "Give the 8-digit CN code of the precursor.");
            }

            Amount(errors, $"{f}.massTonnes", p.MassTonnes, strictly: false);
            decimal seeDirect, seeIndirect;
            string sourceText;
            if (p.SourcePeriodId is { } sourcePeriodId)
            {
                // A precursor produced in-house: its SEE is the one stored for our own saved period.
                var own = await db.CbamPeriods.AsNoTracking().Where(x => x.Id == sourcePeriodId)
                    .Join(db.CbamGoods, x => x.GoodId, g => g.Id, (x, g) => new { x.OrganisationId, x.SeeDirect, x.SeeIndirect, g.CnCode, x.PeriodFrom, x.PeriodTo })
                    .SingleOrDefaultAsync(cancellationToken);
                if (own is null || own.OrganisationId != good.OrganisationId)
                {
                    errors.Add($"{f}.sourcePeriodId", "No saved reporting period of your organisation has this id.");
                    continue;
                }

                if (own.CnCode != pcn)
                {
                    errors.Add($"{f}.cnCode", $"The source period is for CN code {own.CnCode}.");
                }

                if (p.SeeDirect is not null || p.SeeIndirect is not null)
                {
                    errors.Add($"{f}.seeDirect", "Give either sourcePeriodId or seeDirect and seeIndirect, not both.");
                }

                (seeDirect, seeIndirect) = (own.SeeDirect, own.SeeIndirect);
                sourceText = $"own installation, period {own.PeriodFrom:yyyy-MM-dd}..{own.PeriodTo:yyyy-MM-dd}";
            }
            else
            {
                Amount(errors, $"{f}.seeDirect", p.SeeDirect, strictly: false);
                Amount(errors, $"{f}.seeIndirect", p.SeeIndirect, strictly: false);
                errors.Required($"{f}.source", p.Source, 512);
                (seeDirect, seeIndirect) = (p.SeeDirect ?? 0, p.SeeIndirect ?? 0);
                sourceText = p.Source?.Trim() ?? string.Empty;
            }

            precursors.Add(new CbamPrecursorRow
            {
                Id = Guid.CreateVersion7(), CnCode = pcn, MassT = p.MassTonnes ?? 0, SeeDirect = seeDirect, SeeIndirect = seeIndirect,
                SourcePeriodId = p.SourcePeriodId, Source = sourceText,
            });
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var production = new CbamProduction(good.CnCode, request.ActivityLevelTonnes!.Value, request.AttributedDirectTco2e!.Value, request.ElectricityConsumedMwh!.Value,
            new CbamElectricityFactor(source, request.ElectricityFactorTco2PerMwh!.Value, request.ElectricityFactorSource!.Trim()),
            precursors.Select(p => new CbamPrecursorUse(p.CnCode, p.MassT, p.SeeDirect, p.SeeIndirect)).ToList());
        var see = CbamCalculator.Calculate(production);
        var now = clock.GetUtcNow().UtcDateTime;
        var period = new CbamPeriodRow
        {
            Id = Guid.CreateVersion7(), GoodId = goodId, OrganisationId = good.OrganisationId, DistrictId = good.DistrictId, TownId = good.TownId,
            PeriodFrom = request.PeriodFrom!.Value, PeriodTo = request.PeriodTo!.Value, ActivityLevelT = production.ActivityLevelTonnes,
            AttributedDirectTco2e = production.AttributedDirectTco2e, ElectricityMwh = production.ElectricityConsumedMwh, ElectricitySource = source.ToString(),
            ElectricityFactorTco2PerMwh = production.ElectricityFactor.Tco2PerMwh, ElectricityFactorSource = production.ElectricityFactor.SourceDescription,
            SeeDirectExact = see.DirectExact, SeeIndirectExact = see.IndirectExact, SeeDirect = see.Direct, SeeIndirect = see.Indirect,
            CalculatedAt = now, CreatedBy = actor.Current.AuditName, Precursors = precursors,
        };
        var installation = await db.CbamInstallations.AsNoTracking().SingleAsync(i => i.Id == good.InstallationId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.CbamPeriods.Add(period);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, installation, "CbamReportingPeriodCalculated", actor.Current, new JsonObject
        {
            ["goodId"] = goodId.ToString(),
            ["periodId"] = period.Id.ToString(),
            ["cnCode"] = good.CnCode,
            ["periodFrom"] = period.PeriodFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["periodTo"] = period.PeriodTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["seeDirect"] = period.SeeDirect,
            ["seeIndirect"] = period.SeeIndirect,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/cbam/installations/{good.InstallationId}", ToResponse(period));
    }

    private static async Task<Results<Ok<SupplierCommunication>, ValidationProblem, ProblemHttpResult>> SupplierCommunicationAsync(
        Guid id, DateOnly? periodFrom, DateOnly? periodTo, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var (communication, invalid, notFound) = await CommunicationAsync(id, periodFrom, periodTo, db, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        return communication is null ? notFound! : TypedResults.Ok(communication);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> SupplierCommunicationXlsxAsync(
        Guid id, DateOnly? periodFrom, DateOnly? periodTo, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var (c, invalid, notFound) = await CommunicationAsync(id, periodFrom, periodTo, db, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (c is null)
        {
            return notFound!;
        }

        var i = c.Installation;
        List<IReadOnlyList<XlsxCell>> summary =
        [
            ["Format", c.Format],
            ["Methodology", c.Methodology],
            ["Rounding rule", c.RoundingRule],
            ["Installation id", i.InstallationId],
            ["Installation", i.Name],
            ["Country", i.Country],
            ["City", i.City],
            ["Address", i.Address],
            ["Period", $"{c.PeriodFrom:yyyy-MM-dd} – {c.PeriodTo:yyyy-MM-dd}"],
        ];
        List<IReadOnlyList<XlsxCell>> goods =
        [
            ["CN code", "Description", "Production route", "Good type", "Activity level (t)", "SEE direct (tCO2e/t)", "SEE indirect (tCO2e/t)", "SEE total (tCO2e/t)",
                "Electricity (MWh/t)", "Electricity factor (tCO2/MWh)", "Electricity source", "Factor source"],
            .. c.Goods.Select(g => (IReadOnlyList<XlsxCell>)[g.CnCode, g.Description, g.ProductionRoute, g.GoodType, g.ActivityLevelTonnes, g.SpecificEmbeddedEmissions.Direct,
                g.SpecificEmbeddedEmissions.Indirect, g.SpecificEmbeddedEmissions.Total, g.Electricity.ConsumedMwhPerTonne, g.Electricity.FactorTco2PerMwh,
                g.Electricity.Source, g.Electricity.FactorSource]),
        ];
        List<IReadOnlyList<XlsxCell>> precursors =
        [
            ["Good CN code", "Precursor CN code", "Mass (t)", "SEE direct", "SEE indirect"],
            .. c.Goods.SelectMany(g => g.Precursors.Select(p => (IReadOnlyList<XlsxCell>)[g.CnCode, p.CnCode, p.MassTonnes ?? 0, p.SeeDirect ?? 0, p.SeeIndirect ?? 0])),
        ];
        var bytes = XlsxWriter.Write([new XlsxSheet("Installation", summary), new XlsxSheet("Goods", goods), new XlsxSheet("Precursors", precursors)]);
        return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"cbam-supplier-communication-{i.InstallationId}-{c.PeriodFrom:yyyyMMdd}-{c.PeriodTo:yyyyMMdd}.xlsx");
    }

    private static async Task<(SupplierCommunication? Communication, ValidationProblem? Invalid, ProblemHttpResult? NotFound)> CommunicationAsync(
        Guid id, DateOnly? periodFrom, DateOnly? periodTo, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (periodFrom is not { } from || periodTo is not { } to || to < from)
        {
            return (null, CarbonProblems.Validation("periodTo", "Give periodFrom and periodTo (yyyy-MM-dd) with periodFrom on or before periodTo."), null);
        }

        var row = await db.CbamInstallations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (row is null)
        {
            return (null, null, NotFound("No CBAM installation you may see has this id."));
        }

        var (goods, periods) = await GoodsAndPeriodsAsync(db, id, from, to, cancellationToken);
        if (periods.Count == 0)
        {
            return (null, CarbonProblems.Validation("periodFrom", "The installation has no saved reporting period within this range."), null);
        }

        var byGood = goods.ToDictionary(g => g.Id);
        var address = string.Join(", ", new[] { row.Street, row.Number, row.Postcode, row.UnLocode is null ? null : "UN/LOCODE " + row.UnLocode }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var communication = new SupplierCommunication("greenisland.cbam.supplier-communication/1", "Implementing Regulation (EU) 2023/1773, Annex III",
            SupplierCommunicationEndpoint.RoundingRule, new CbamInstallationRequest(row.InstallationCode, row.Name, row.Country, row.City, address), from, to,
            periods.OrderBy(p => byGood[p.GoodId].CnCode, StringComparer.Ordinal).ThenBy(p => p.PeriodFrom).Select(p =>
            {
                var g = byGood[p.GoodId];
                return new CbamGoodCommunication(g.CnCode, g.Description, g.ProductionRoute, p.ActivityLevelT, p.Precursors.Count > 0 ? "Complex" : "Simple",
                    new CbamSeeResponse(p.SeeDirect, p.SeeIndirect, p.SeeDirect + p.SeeIndirect, "tCO2e/t"),
                    new CbamElectricityResponse(CbamCalculator.Round(p.ElectricityMwh / p.ActivityLevelT, CbamCalculator.ElectricityDecimals),
                        CbamCalculator.Round(p.ElectricityFactorTco2PerMwh, CbamCalculator.EmissionDecimals), p.ElectricitySource, p.ElectricityFactorSource),
                    p.Precursors.Select(x => new CbamPrecursorRequest(x.CnCode, x.MassT, x.SeeDirect, x.SeeIndirect)).ToList());
            }).ToList());
        return (communication, null, null);
    }

    internal static async Task<(List<CbamGoodRow> Goods, List<CbamPeriodRow> Periods)> GoodsAndPeriodsAsync(
        CarbonDbContext db, Guid installationId, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var goods = await db.CbamGoods.AsNoTracking().Where(g => g.InstallationId == installationId).OrderBy(g => g.CnCode).ThenBy(g => g.ProductionRoute).ToListAsync(cancellationToken);
        var goodIds = goods.Select(g => g.Id).ToList();
        var query = db.CbamPeriods.AsNoTracking().Include(p => p.Precursors).Where(p => goodIds.Contains(p.GoodId));
        if (from is { } f && to is { } t)
        {
            query = query.Where(p => p.PeriodFrom >= f && p.PeriodTo <= t);
        }

        var periods = await query.OrderBy(p => p.PeriodFrom).ToListAsync(cancellationToken);
        return (goods, periods);
    }

    internal static Task AppendAsync(CarbonDbContext db, ILedger ledger, CbamInstallationRow installation, string type, Actor actor, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["installationId"] = installation.Id.ToString();
        payload["by"] = actor.AuditName;
        return ledger.AppendAsync(db, new LedgerRecord($"cbam-installation/{installation.Id}", type, payload, installation.OrganisationId), cancellationToken);
    }

    private static InstallationResponse ToResponse(CbamInstallationRow r, List<CbamGoodRow> goods, List<CbamPeriodRow> periods) =>
        new(r.Id, r.OrganisationId.Value, r.InstallationCode, r.Name, r.EconomicActivity, r.Country, r.SubDivision, r.City, r.Street, r.Number, r.Postcode, r.UnLocode,
            r.OperatorId, r.OperatorName, r.ContactName, r.ContactPhone, r.ContactEmail, r.CreatedAt,
            goods.Select(g => new GoodResponse(g.Id, g.InstallationId, g.CnCode, g.Description, g.ProductionRoute,
                periods.Where(p => p.GoodId == g.Id).Select(ToResponse).ToList())).ToList());

    internal static PeriodResponse ToResponse(CbamPeriodRow p) =>
        new(p.Id, p.GoodId, p.PeriodFrom, p.PeriodTo, p.ActivityLevelT, p.AttributedDirectTco2e, p.ElectricityMwh, p.ElectricitySource, p.ElectricityFactorTco2PerMwh,
            p.ElectricityFactorSource, p.Precursors.Count > 0 ? "Complex" : "Simple", p.SeeDirectExact, p.SeeIndirectExact,
            new CbamSeeResponse(p.SeeDirect, p.SeeIndirect, p.SeeDirect + p.SeeIndirect, "tCO2e/t"),
            CbamCalculator.Round(p.ElectricityMwh / p.ActivityLevelT, CbamCalculator.ElectricityDecimals),
            p.Precursors.Select(x => new PrecursorResponse(x.CnCode, x.MassT, x.SeeDirect, x.SeeIndirect, x.SourcePeriodId, x.Source)).ToList(), p.CalculatedAt);

    private static void Amount(FieldErrors errors, string field, decimal? value, bool strictly)
    {
        if (value is not { } v)
        {
            errors.Add(field, "This field is required.");
        }
        else if (strictly ? v <= 0 : v < 0)
        {
            errors.Add(field, strictly ? "Must be greater than zero." : "Cannot be negative.");
        }
    }

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
