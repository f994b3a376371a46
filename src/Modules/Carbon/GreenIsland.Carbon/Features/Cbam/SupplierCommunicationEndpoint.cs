using GreenIsland.Carbon.Domain.Cbam;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Carbon.Features.Cbam;

internal sealed record CbamInstallationRequest(string? InstallationId, string? Name, string? Country, string? City, string? Address);

internal sealed record CbamPrecursorRequest(string? CnCode, decimal? MassTonnes, decimal? SeeDirect, decimal? SeeIndirect);

internal sealed record CbamGoodRequest(
    string? CnCode, string? Description, string? ProductionRoute, decimal? ActivityLevelTonnes, decimal? AttributedDirectTco2e,
    decimal? ElectricityConsumedMwh, string? ElectricitySource, decimal? ElectricityFactorTco2PerMwh, string? ElectricityFactorSource,
    IReadOnlyList<CbamPrecursorRequest>? Precursors);

internal sealed record SupplierCommunicationRequest(CbamInstallationRequest? Installation, DateOnly? PeriodFrom, DateOnly? PeriodTo, IReadOnlyList<CbamGoodRequest>? Goods);

internal sealed record CbamSeeResponse(decimal Direct, decimal Indirect, decimal Total, string Unit);

internal sealed record CbamElectricityResponse(decimal ConsumedMwhPerTonne, decimal FactorTco2PerMwh, string Source, string FactorSource);

internal sealed record CbamGoodCommunication(string CnCode, string Description, string? ProductionRoute, decimal ActivityLevelTonnes, string GoodType,
    CbamSeeResponse SpecificEmbeddedEmissions, CbamElectricityResponse Electricity, IReadOnlyList<CbamPrecursorRequest> Precursors);

/// <summary>The emissions data an exporting installation sends its EU importer (SEE per good, direct and indirect).</summary>
internal sealed record SupplierCommunication(
    string Format, string Methodology, string RoundingRule, CbamInstallationRequest Installation, DateOnly PeriodFrom, DateOnly PeriodTo,
    IReadOnlyList<CbamGoodCommunication> Goods);

internal static class SupplierCommunicationEndpoint
{
    public const string RoundingRule =
        "Intermediate values exact; reported SEE and emission factors rounded once to 5 decimal places, electricity per tonne to 2, half away from zero; "
        + "embedded emissions of a quantity = round5(reported SEE x quantity).";

    public static IEndpointRouteBuilder MapCbam(this IEndpointRouteBuilder api)
    {
        api.MapPost("/cbam/supplier-communication", Handle)
            .WithName("CreateCbamSupplierCommunication")
            .WithSummary("Computes specific embedded emissions (Implementing Regulation 2023/1773 Annex III) for an installation's goods and returns the supplier emissions communication for an EU importer.")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static Results<Ok<SupplierCommunication>, ValidationProblem> Handle(SupplierCommunicationRequest request)
    {
        var errors = new FieldErrors();
        var installation = request.Installation;
        if (installation is null)
        {
            errors.Add("installation", "This field is required.");
        }
        else
        {
            errors.Required("installation.installationId", installation.InstallationId, 17);
            errors.Required("installation.name", installation.Name, 256);
            if (installation.Country is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
            {
                errors.Add("installation.country", "Give the ISO 3166-1 alpha-2 country code, for example CN.");
            }

            errors.MaxLength("installation.city", installation.City, 35);
            errors.MaxLength("installation.address", installation.Address, 70);
        }

        if (request.PeriodFrom is not { } from || request.PeriodTo is not { } to || to < from)
        {
            errors.Add("periodTo", "Give a reporting period with periodFrom on or before periodTo.");
        }

        if (request.Goods is not { Count: > 0 and <= 999 })
        {
            errors.Add("goods", "Give between 1 and 999 goods.");
        }

        var productions = new List<(CbamGoodRequest Request, CbamProduction Production)>();
        for (var i = 0; request.Goods is not null && i < request.Goods.Count; i++)
        {
            var good = request.Goods[i];
            var prefix = $"goods[{i}]";
            if (good.CnCode is not { Length: 8 } cn || !cn.All(char.IsAsciiDigit))
            {
                errors.Add($"{prefix}.cnCode", "Give the 8-digit CN code, for example 72081000.");
            }

            errors.Required($"{prefix}.description", good.Description, 512);
            Positive(errors, $"{prefix}.activityLevelTonnes", good.ActivityLevelTonnes, strictly: true);
            Positive(errors, $"{prefix}.attributedDirectTco2e", good.AttributedDirectTco2e, strictly: false);
            Positive(errors, $"{prefix}.electricityConsumedMwh", good.ElectricityConsumedMwh, strictly: false);
            Positive(errors, $"{prefix}.electricityFactorTco2PerMwh", good.ElectricityFactorTco2PerMwh, strictly: false);
            errors.MaxLength($"{prefix}.electricityFactorSource", good.ElectricityFactorSource, 512);
            if (!Enum.TryParse<CbamElectricitySource>(good.ElectricitySource, ignoreCase: false, out var source) || !Enum.IsDefined(source)
                || int.TryParse(good.ElectricitySource, out _))
            {
                errors.Add($"{prefix}.electricitySource", $"Use one of: {string.Join(", ", Enum.GetNames<CbamElectricitySource>())}.");
            }

            var precursors = new List<CbamPrecursorUse>();
            for (var j = 0; good.Precursors is not null && j < good.Precursors.Count; j++)
            {
                var p = good.Precursors[j];
                var pp = $"{prefix}.precursors[{j}]";
                if (p.CnCode is not { Length: 8 } pcn || !pcn.All(char.IsAsciiDigit))
                {
                    errors.Add($"{pp}.cnCode", "Give the 8-digit CN code of the precursor.");
                }

                Positive(errors, $"{pp}.massTonnes", p.MassTonnes, strictly: false);
                Positive(errors, $"{pp}.seeDirect", p.SeeDirect, strictly: false);
                Positive(errors, $"{pp}.seeIndirect", p.SeeIndirect, strictly: false);
                precursors.Add(new CbamPrecursorUse(p.CnCode ?? string.Empty, p.MassTonnes ?? 0, p.SeeDirect ?? 0, p.SeeIndirect ?? 0));
            }

            if (!errors.Any)
            {
                productions.Add((good, new CbamProduction(good.CnCode!, good.ActivityLevelTonnes!.Value, good.AttributedDirectTco2e!.Value, good.ElectricityConsumedMwh!.Value,
                    new CbamElectricityFactor(source, good.ElectricityFactorTco2PerMwh!.Value, good.ElectricityFactorSource?.Trim() ?? string.Empty), precursors)));
            }
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        // Rule violations (certificates, unnamed generator factors) surface as 409 through the host's exception handler.
        var goods = productions.Select(p =>
        {
            var see = CbamCalculator.Calculate(p.Production);
            return new CbamGoodCommunication(p.Production.CnCode, p.Request.Description!.Trim(), p.Request.ProductionRoute?.Trim(), p.Production.ActivityLevelTonnes,
                p.Production.Precursors.Count > 0 ? "Complex" : "Simple",
                new CbamSeeResponse(see.Direct, see.Indirect, see.Total, "tCO2e/t"),
                new CbamElectricityResponse(CbamCalculator.Round(p.Production.ElectricityConsumedMwh / p.Production.ActivityLevelTonnes, CbamCalculator.ElectricityDecimals),
                    CbamCalculator.Round(p.Production.ElectricityFactor.Tco2PerMwh, CbamCalculator.EmissionDecimals),
                    p.Production.ElectricityFactor.Source.ToString(), p.Production.ElectricityFactor.SourceDescription),
                p.Request.Precursors ?? []);
        }).ToList();

        return TypedResults.Ok(new SupplierCommunication("greenisland.cbam.supplier-communication/1", "Implementing Regulation (EU) 2023/1773, Annex III",
            RoundingRule, installation!, request.PeriodFrom!.Value, request.PeriodTo!.Value, goods));
    }

    private static void Positive(FieldErrors errors, string field, decimal? value, bool strictly)
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
}
