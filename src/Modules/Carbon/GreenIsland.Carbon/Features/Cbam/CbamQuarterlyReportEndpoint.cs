using System.Text;
using System.Text.RegularExpressions;
using GreenIsland.Carbon.Domain.Cbam;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Cbam;

internal sealed record ReportAddressRequest(string? Country, string? City, string? SubDivision, string? Street, string? Number, string? Postcode);

internal sealed record ReportDeclarantRequest(string? IdentificationNumber, string? Name, string? Role, ReportAddressRequest? Address);

internal sealed record ReportSignatureRequest(DateOnly? Date, string? Place, string? Signatory, string? Position);

internal sealed record ReportUnitsRequest(string? Tonnes, string? Co2e, string? Co2ePerTonne);

/// <summary>Code-list values of the Commission's CBAM registry for one good, passed through unchanged.</summary>
internal sealed record ReportCodesRequest(string? DirectDeterminationType, string? ReportingMethodologyType, string? IndirectDeterminationType,
    string? ElectricitySource, string? ElectricityFactorSource, string? ProductionMethodId, string? ProductionMethodName, string? RequestedProcedure, string? ImportArea);

internal sealed record ReportGoodRequest(Guid? PeriodId, decimal? ImportedNetMassTonnes, string? OriginCountry, ReportCodesRequest? Codes);

internal sealed record QuarterlyReportRequest(int? Year, int? Quarter, string? DraftReportId, ReportDeclarantRequest? Declarant, string? CompetentAuthorityReference,
    ReportSignatureRequest? Signature, ReportUnitsRequest? Units, IReadOnlyList<ReportGoodRequest>? Goods);

internal static partial class CbamEndpoints
{
    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex TwoLetters();

    private static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> QuarterlyReportAsync(
        QuarterlyReportRequest request, CarbonDbContext db, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Year is not (>= 2023 and <= 2100))
        {
            errors.Add("year", "Give the year of the quarter (2023 or later).");
        }

        if (request.Quarter is not (>= 1 and <= 4))
        {
            errors.Add("quarter", "Give the quarter, 1 to 4.");
        }

        errors.Required("draftReportId", request.DraftReportId, 22);
        errors.Required("competentAuthorityReference", request.CompetentAuthorityReference, 128);
        var declarant = request.Declarant;
        if (declarant is null)
        {
            errors.Add("declarant", "This field is required.");
        }
        else
        {
            errors.Required("declarant.identificationNumber", declarant.IdentificationNumber, 17);
            errors.Required("declarant.name", declarant.Name, 70);
            errors.Required("declarant.role", declarant.Role, 5);
            Address(errors, "declarant.address", declarant.Address);
        }

        var signature = request.Signature;
        if (signature?.Date is null)
        {
            errors.Add("signature.date", "This field is required.");
        }

        errors.Required("signature.place", signature?.Place, 128);
        errors.Required("signature.signatory", signature?.Signatory, 128);
        errors.Required("signature.position", signature?.Position, 128);
        errors.Required("units.tonnes", request.Units?.Tonnes, 5);
        errors.Required("units.co2e", request.Units?.Co2e, 5);
        errors.Required("units.co2ePerTonne", request.Units?.Co2ePerTonne, 5);
        if (request.Goods is not { Count: > 0 and <= 999 })
        {
            errors.Add("goods", "Give between 1 and 999 goods.");
        }

        var reported = new List<CbamReportedGood>();
        for (var i = 0; request.Goods is { Count: <= 999 } && i < request.Goods.Count; i++)
        {
            var g = request.Goods[i];
            var f = $"goods[{i}]";
            if (g.ImportedNetMassTonnes is not > 0)
            {
                errors.Add($"{f}.importedNetMassTonnes", "Must be greater than zero.");
            }

            var codes = g.Codes;
            if (codes is null)
            {
                errors.Add($"{f}.codes", "Give the code-list values (determination types, methodology, electricity source and factor source, production method, procedure, import area).");
            }
            else
            {
                errors.Required($"{f}.codes.directDeterminationType", codes.DirectDeterminationType, 5);
                errors.Required($"{f}.codes.reportingMethodologyType", codes.ReportingMethodologyType, 5);
                errors.Required($"{f}.codes.indirectDeterminationType", codes.IndirectDeterminationType, 5);
                errors.Required($"{f}.codes.electricitySource", codes.ElectricitySource, 5);
                errors.Required($"{f}.codes.electricityFactorSource", codes.ElectricityFactorSource, 5);
                errors.Required($"{f}.codes.productionMethodId", codes.ProductionMethodId, 5);
                errors.Required($"{f}.codes.productionMethodName", codes.ProductionMethodName, 256);
                if (codes.RequestedProcedure?.Trim() is not { Length: 2 })
                {
                    errors.Add($"{f}.codes.requestedProcedure", "Give the 2-character requested procedure code.");
                }

                errors.Required($"{f}.codes.importArea", codes.ImportArea, 5);
            }

            if (g.PeriodId is not { } periodId)
            {
                errors.Add($"{f}.periodId", "This field is required.");
                continue;
            }

            var period = await db.CbamPeriods.AsNoTracking().Include(p => p.Precursors).SingleOrDefaultAsync(p => p.Id == periodId, cancellationToken);
            if (period is null || !CarbonAccess.CanEdit(actor.Current, period.OrganisationId))
            {
                errors.Add($"{f}.periodId", "No saved reporting period of your organisation has this id.");
                continue;
            }

            var good = await db.CbamGoods.AsNoTracking().SingleAsync(x => x.Id == period.GoodId, cancellationToken);
            var row = await db.CbamInstallations.AsNoTracking().SingleAsync(x => x.Id == good.InstallationId, cancellationToken);
            var origin = string.IsNullOrWhiteSpace(g.OriginCountry) ? row.Country : g.OriginCountry.Trim();
            if (!TwoLetters().IsMatch(origin))
            {
                errors.Add($"{f}.originCountry", "Give the ISO 3166-1 alpha-2 country code in capitals.");
            }

            if (errors.Any)
            {
                continue;
            }

            var address = new CbamAddress(row.Country, row.City, row.SubDivision, row.Street, row.Number, row.Postcode, row.UnLocode);
            var installation = new CbamInstallation(row.InstallationCode, row.Name, row.EconomicActivity, address,
                new CbamParty(row.OperatorId, row.OperatorName, address), new CbamContact(row.ContactName, row.ContactPhone, row.ContactEmail));
            var production = new CbamProduction(good.CnCode, period.ActivityLevelT, period.AttributedDirectTco2e, period.ElectricityMwh,
                new CbamElectricityFactor(Enum.Parse<CbamElectricitySource>(period.ElectricitySource), period.ElectricityFactorTco2PerMwh, period.ElectricityFactorSource),
                period.Precursors.Select(p => new CbamPrecursorUse(p.CnCode, p.MassT, p.SeeDirect, p.SeeIndirect)).ToList());
            reported.Add(new CbamReportedGood(good.CnCode, good.Description, origin, g.ImportedNetMassTonnes!.Value, installation, production,
                new CbamCodes(codes!.DirectDeterminationType!.Trim(), codes.ReportingMethodologyType!.Trim(), codes.IndirectDeterminationType!.Trim(),
                    codes.ElectricitySource!.Trim(), codes.ElectricityFactorSource!.Trim(), codes.ProductionMethodId!.Trim(), codes.ProductionMethodName!.Trim(),
                    codes.RequestedProcedure!.Trim(), codes.ImportArea!.Trim())));
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var a = declarant!.Address!;
        var report = new CbamQuarterlyReport(clock.GetUtcNow().UtcDateTime, request.DraftReportId!.Trim(), request.Quarter!.Value, request.Year!.Value,
            new CbamParty(declarant.IdentificationNumber!.Trim(), declarant.Name!.Trim(),
                new CbamAddress(a.Country!.Trim(), a.City!.Trim(), Trim(a.SubDivision), Trim(a.Street), Trim(a.Number), Trim(a.Postcode))),
            declarant.Role!.Trim(), request.CompetentAuthorityReference!.Trim(),
            new CbamSignature(signature!.Date!.Value, signature.Place!.Trim(), signature.Signatory!.Trim(), signature.Position!.Trim()),
            new CbamUnits(request.Units!.Tonnes!.Trim(), request.Units.Co2e!.Trim(), request.Units.Co2ePerTonne!.Trim()), reported);
        return TypedResults.Content(CbamQuarterlyReportWriter.Write(report), "application/xml", Encoding.UTF8);
    }

    private static void Address(FieldErrors errors, string prefix, ReportAddressRequest? address)
    {
        if (address is null)
        {
            errors.Add(prefix, "This field is required.");
            return;
        }

        if (address.Country is null || !TwoLetters().IsMatch(address.Country.Trim()))
        {
            errors.Add($"{prefix}.country", "Give the ISO 3166-1 alpha-2 country code in capitals.");
        }

        errors.Required($"{prefix}.city", address.City, 35);
        errors.MaxLength($"{prefix}.subDivision", address.SubDivision, 35);
        errors.MaxLength($"{prefix}.street", address.Street, 70);
        errors.MaxLength($"{prefix}.number", address.Number, 35);
        errors.MaxLength($"{prefix}.postcode", address.Postcode, 17);
    }
}
