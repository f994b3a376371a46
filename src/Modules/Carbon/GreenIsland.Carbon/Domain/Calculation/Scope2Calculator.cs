using GreenIsland.Carbon.Domain.Units;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Domain.Calculation;

/// <summary>
/// Electricity of one site and period for Scope 2. <see cref="PurchasedFromGrid"/> is what the meters imported;
/// self-consumed PV never enters Scope 2 (it is not purchased), exported PV is not netted off.
/// </summary>
/// <param name="PurchasedFromGrid">Electricity bought from the grid (energy dimension).</param>
/// <param name="GreenPowerContract">Part of the purchase bought through green-power trading (bundled GECs).</param>
/// <param name="CertificatesRetired">Unbundled green certificates retired for this consumption (1 GEC = 1,000 kWh).</param>
/// <param name="SelfConsumedPv">On-site PV electricity consumed on site.</param>
/// <param name="PvCertificatesSold">GECs issued for the self-consumed PV and sold to others.</param>
internal sealed record ElectricityUse(
    Quantity PurchasedFromGrid,
    Quantity GreenPowerContract,
    int CertificatesRetired,
    Quantity SelfConsumedPv,
    int PvCertificatesSold);

/// <summary>Scope 2 in tCO2 both ways, with the MWh each was charged on and the flagged assumption.</summary>
internal sealed record Scope2Result(
    decimal LocationBasedTco2,
    decimal MarketBasedTco2,
    decimal LocationBasedMwh,
    decimal ContractualZeroMwh,
    decimal ResidualChargedMwh,
    bool ResidualStandInUsed);

/// <summary>
/// GHG Protocol Scope 2 dual reporting for China. Location-based: grid purchases × grid average factor.
/// Market-based: purchases covered by contractual instruments (green-power contracts, retired GECs) count zero;
/// the rest, plus self-consumed PV whose GECs were sold, is charged at the residual-mix factor; China publishes
/// no residual mix, so the "excluding market-traded non-fossil" factor stands in and the result is flagged.
/// </summary>
internal static class Scope2Calculator
{
    /// <summary>Electricity covered by one green electricity certificate (1 GEC = 1,000 kWh).</summary>
    public static readonly Quantity CertificateEnergy = new(1m, UnitCatalogue.MegawattHour);

    public static Scope2Result Calculate(ElectricityUse use, decimal gridFactorTco2PerMwh, decimal residualStandInTco2PerMwh)
    {
        ArgumentNullException.ThrowIfNull(use);
        if (use.CertificatesRetired < 0 || use.PvCertificatesSold < 0)
        {
            throw new DomainRuleViolationException("CertificateCountsCannotBeNegative", "Certificate counts cannot be negative.");
        }

        var purchased = use.PurchasedFromGrid.In(UnitCatalogue.MegawattHour, "purchased electricity");
        var contract = use.GreenPowerContract.In(UnitCatalogue.MegawattHour, "green-power contract electricity");
        var pv = use.SelfConsumedPv.In(UnitCatalogue.MegawattHour, "self-consumed PV electricity");
        if (purchased < 0 || contract < 0 || pv < 0)
        {
            throw new DomainRuleViolationException("ElectricityQuantitiesCannotBeNegative", "Electricity quantities cannot be negative.");
        }

        var certificates = use.CertificatesRetired * CertificateEnergy.Value;
        var contractual = contract + certificates;
        if (contractual > purchased)
        {
            throw new DomainRuleViolationException(
                "ContractualInstrumentsCannotExceedPurchasedElectricity",
                $"Green-power contracts and retired certificates cover {contractual} MWh, more than the {purchased} MWh purchased.");
        }

        var pvSold = use.PvCertificatesSold * CertificateEnergy.Value;
        if (pvSold > pv)
        {
            throw new DomainRuleViolationException(
                "SoldPvCertificatesCannotExceedSelfConsumedPv",
                $"{use.PvCertificatesSold} sold PV certificates stand for {pvSold} MWh, more than the {pv} MWh of self-consumed PV.");
        }

        var residualMwh = purchased - contractual + pvSold;
        return new Scope2Result(
            LocationBasedTco2: purchased * gridFactorTco2PerMwh,
            MarketBasedTco2: residualMwh * residualStandInTco2PerMwh,
            LocationBasedMwh: purchased,
            ContractualZeroMwh: contractual,
            ResidualChargedMwh: residualMwh,
            ResidualStandInUsed: residualMwh > 0);
    }
}
