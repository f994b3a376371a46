using GreenIsland.Carbon.Domain.Calculation;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Inventories;

/// <summary>An activity record as the calculator needs it.</summary>
internal sealed record ActivityInput(Guid RecordId, Guid SiteId, DateOnly Month, ActivityKind Kind, string? ActivityCode, Quantity Quantity);

/// <summary>The factor libraries an inventory is calculated with (the latest versions at calculation time).</summary>
/// <param name="Grid">Grid factors (location-based) and the residual stand-in.</param>
/// <param name="Fuels">Fuel parameters (NCV, CC, OF).</param>
/// <param name="Gwp">The GWP set chosen for the inventory.</param>
/// <param name="StandardCoal">Standard-coal coefficients.</param>
/// <param name="GridRegion">Grid region code (e.g. <c>CN-JS</c>).</param>
internal sealed record InventoryFactors(FactorLibraryVersion Grid, FactorLibraryVersion Fuels, GwpSet Gwp, FactorLibraryVersion StandardCoal, string GridRegion);

/// <summary>One calculated line: which record, scope and category, gas, masses and the exact factor used.</summary>
internal sealed record InventoryLineResult(Guid? RecordId, Guid SiteId, DateOnly Month, EmissionScope Scope, EmissionCategory Category, EmissionLine Line);

/// <summary>Standard coal equivalent of one record.</summary>
internal sealed record EnergyLineResult(Guid RecordId, Guid SiteId, DateOnly Month, decimal Kgce, FactorUse Factor);

internal sealed record InventoryCalculation(
    IReadOnlyList<InventoryLineResult> Lines,
    IReadOnlyList<EnergyLineResult> Energy,
    bool ResidualStandInUsed,
    IReadOnlyList<string> Notes)
{
    public decimal TotalTco2e(EmissionScope scope) => Lines.Where(l => l.Scope == scope).Sum(l => l.Line.Co2eKg) / 1000m;

    public decimal TotalTce => Energy.Sum(e => e.Kgce) / 1000m;
}

/// <summary>
/// Calculates an organisational inventory (ISO 14064-1 / GB/T 32150) from activity records: Scope 1 fuel
/// combustion and fugitive gases, Scope 2 location- and market-based per site and month, energy in tce.
/// </summary>
internal static class InventoryCalculator
{
    public const string GridFactorCode = "electricity.grid";
    public const string ResidualStandInCode = "electricity.grid.excl-market-non-fossil";
    public const string ResidualStandInRegion = "CN";
    public const string ElectricityCoalCode = "coal-equivalent.electricity-calorific";

    /// <summary>Fuel factor codes with a published GB/T 2589 coefficient for the same fuel.</summary>
    private static readonly Dictionary<string, string> FuelCoalCodes = new(StringComparer.Ordinal)
    {
        ["fuel.diesel"] = "coal-equivalent.diesel",
    };

    public static InventoryCalculation Calculate(IReadOnlyList<ActivityInput> records, InventoryFactors factors)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(factors);
        var lines = new List<InventoryLineResult>();
        var energy = new List<EnergyLineResult>();
        var notes = new SortedSet<string>(StringComparer.Ordinal);
        var standInUsed = false;

        foreach (var record in records)
        {
            switch (record.Kind)
            {
                case ActivityKind.StationaryCombustion or ActivityKind.MobileCombustion:
                {
                    var factor = factors.Fuels.Find(record.ActivityCode!, "CN", record.Month);
                    var line = EmissionCalculator.FuelByCarbonContent(record.Quantity, factors.Fuels, factor);
                    var category = record.Kind == ActivityKind.StationaryCombustion ? EmissionCategory.StationaryCombustion : EmissionCategory.MobileCombustion;
                    lines.Add(new InventoryLineResult(record.RecordId, record.SiteId, record.Month, EmissionScope.Scope1, category, line));
                    if (FuelCoalCodes.TryGetValue(record.ActivityCode!, out var coalCode))
                    {
                        energy.Add(Coal(record, factors.StandardCoal, coalCode));
                    }
                    else
                    {
                        notes.Add($"No published GB/T 2589 coefficient is mapped for {record.ActivityCode}; its energy is not in the tce total.");
                    }

                    break;
                }

                case ActivityKind.FugitiveRefrigerant:
                    lines.Add(new InventoryLineResult(record.RecordId, record.SiteId, record.Month, EmissionScope.Scope1, EmissionCategory.Fugitive,
                        EmissionCalculator.Fugitive(record.Quantity, record.ActivityCode!, factors.Gwp)));
                    break;

                case ActivityKind.PurchasedElectricity:
                {
                    var grid = factors.Grid.Find(GridFactorCode, factors.GridRegion, record.Month);
                    foreach (var line in EmissionCalculator.ByRate(record.Quantity, factors.Grid, grid, factors.Gwp))
                    {
                        lines.Add(new InventoryLineResult(record.RecordId, record.SiteId, record.Month, EmissionScope.Scope2LocationBased, EmissionCategory.PurchasedElectricity, line));
                    }

                    energy.Add(Coal(record, factors.StandardCoal, ElectricityCoalCode));
                    break;
                }

                case ActivityKind.SelfConsumedPv:
                    // Zero Scope 2, but the electricity is still energy consumed.
                    energy.Add(Coal(record, factors.StandardCoal, ElectricityCoalCode));
                    break;
            }
        }

        // Market-based Scope 2 per site and month: contractual instruments first, the rest at the stand-in.
        foreach (var group in records.Where(r => r.Kind is ActivityKind.PurchasedElectricity or ActivityKind.GreenPowerContract
                         or ActivityKind.CertificatesRetired or ActivityKind.SelfConsumedPv or ActivityKind.PvCertificatesSold)
                     .GroupBy(r => (r.SiteId, r.Month)))
        {
            var use = new ElectricityUse(
                Sum(group, ActivityKind.PurchasedElectricity),
                Sum(group, ActivityKind.GreenPowerContract),
                Count(group, ActivityKind.CertificatesRetired),
                Sum(group, ActivityKind.SelfConsumedPv),
                Count(group, ActivityKind.PvCertificatesSold));
            var purchased = use.PurchasedFromGrid.Value;
            var gridFactor = purchased > 0 ? factors.Grid.Find(GridFactorCode, factors.GridRegion, group.Key.Month) : null;
            var result = Scope2Calculator.Calculate(use, gridFactor?.Value("CO2").Value ?? 0m, 0m);
            if (result.ResidualChargedMwh == 0)
            {
                continue;
            }

            var standIn = StandIn(factors.Grid, group.Key.Month);
            var marketLine = EmissionCalculator.ByRate(new Quantity(result.ResidualChargedMwh, UnitCatalogue.MegawattHour), factors.Grid, standIn, factors.Gwp).Single();
            lines.Add(new InventoryLineResult(null, group.Key.SiteId, group.Key.Month, EmissionScope.Scope2MarketBased, EmissionCategory.PurchasedElectricity, marketLine));
            standInUsed = true;
        }

        if (standInUsed)
        {
            notes.Add("Market-based Scope 2 uses the national grid factor excluding market-traded non-fossil electricity as a stand-in for a residual mix, which China does not publish.");
        }

        return new InventoryCalculation(lines, energy, standInUsed, notes.ToList());
    }

    /// <summary>
    /// The residual-mix stand-in (national factor excluding market-traded non-fossil electricity) is published only for
    /// some data years (2022 and 2023 in the shipped library; MEE/NBS announcement 2024 No. 12 gives none for 2021), so
    /// a market-based result for another year is refused with the years that exist rather than filled in from another series.
    /// </summary>
    internal static Factor StandIn(FactorLibraryVersion grid, DateOnly month)
    {
        try
        {
            return grid.Find(ResidualStandInCode, ResidualStandInRegion, month);
        }
        catch (UnknownFactorException)
        {
            var years = grid.Factors.Where(f => f.Code == ResidualStandInCode && f.Region == ResidualStandInRegion).Select(f => f.ValidFrom.Year).Order().ToList();
            throw new UnknownFactorException(
                $"Market-based Scope 2 for {month:yyyy-MM} needs the residual-mix stand-in ({ResidualStandInCode}, {ResidualStandInRegion}), which {grid.Library} v{grid.Version} "
                + $"has only for data years {string.Join(", ", years)}; none was published for {month.Year}. Publish a corrected library version if a source for {month.Year} exists.");
        }
    }

    private static EnergyLineResult Coal(ActivityInput record, FactorLibraryVersion library, string code)
    {
        var factor = library.Find(code, "CN", record.Month);
        var kgce = EmissionCalculator.CoalEquivalent(record.Quantity, factor).In(UnitCatalogue.KilogramCoalEquivalent);
        return new EnergyLineResult(record.RecordId, record.SiteId, record.Month, kgce, EmissionCalculator.Use(library, factor));
    }

    private static Quantity Sum(IEnumerable<ActivityInput> records, ActivityKind kind) =>
        new(records.Where(r => r.Kind == kind).Sum(r => r.Quantity.In(UnitCatalogue.MegawattHour, $"a {kind} record")), UnitCatalogue.MegawattHour);

    private static int Count(IEnumerable<ActivityInput> records, ActivityKind kind) =>
        checked((int)records.Where(r => r.Kind == kind).Sum(r => r.Quantity.In(UnitCatalogue.One, $"a {kind} record")));
}
