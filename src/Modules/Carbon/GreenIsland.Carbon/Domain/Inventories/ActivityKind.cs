using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Inventories;

/// <summary>What an activity record measures; decides the scope, the formula and the dimension its quantity must have.</summary>
internal enum ActivityKind
{
    /// <summary>Electricity imported from the grid (energy).</summary>
    PurchasedElectricity = 1,

    /// <summary>Part of the purchased electricity bought through green-power trading with bundled GECs (energy).</summary>
    GreenPowerContract = 2,

    /// <summary>Unbundled green electricity certificates retired for the site's consumption (count).</summary>
    CertificatesRetired = 3,

    /// <summary>On-site PV electricity consumed on site (energy).</summary>
    SelfConsumedPv = 4,

    /// <summary>GECs of self-consumed PV sold to others (count).</summary>
    PvCertificatesSold = 5,

    /// <summary>Fuel burnt in stationary equipment; <c>activityCode</c> names the fuel factor (mass or normal volume).</summary>
    StationaryCombustion = 6,

    /// <summary>Fuel burnt in vehicles the organisation controls (mass or normal volume).</summary>
    MobileCombustion = 7,

    /// <summary>Refrigerant or other gas leaked or topped up; <c>activityCode</c> names the gas (mass).</summary>
    FugitiveRefrigerant = 8,
}

internal static class ActivityKinds
{
    /// <summary>The dimension a record's quantity must have, or null when it depends on the fuel (checked against the factor).</summary>
    public static Dimension? RequiredDimension(this ActivityKind kind) => kind switch
    {
        ActivityKind.PurchasedElectricity or ActivityKind.GreenPowerContract or ActivityKind.SelfConsumedPv => Dimension.Energy,
        ActivityKind.CertificatesRetired or ActivityKind.PvCertificatesSold => Dimension.Dimensionless,
        ActivityKind.FugitiveRefrigerant => Dimension.Mass,
        _ => null,
    };

    public static bool NeedsActivityCode(this ActivityKind kind) =>
        kind is ActivityKind.StationaryCombustion or ActivityKind.MobileCombustion or ActivityKind.FugitiveRefrigerant;
}

/// <summary>Scope and category of an inventory line.</summary>
internal enum EmissionScope
{
    Scope1 = 1,
    Scope2LocationBased = 2,
    Scope2MarketBased = 3,
}

internal enum EmissionCategory
{
    StationaryCombustion = 1,
    MobileCombustion = 2,
    Process = 3,
    Fugitive = 4,
    PurchasedElectricity = 5,
}
