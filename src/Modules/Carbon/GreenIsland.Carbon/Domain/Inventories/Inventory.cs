using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Domain.Inventories;

internal enum InventoryStatus
{
    Draft = 1,
    Submitted = 2,
    Approved = 3,
}

/// <summary>
/// An organisational inventory for a boundary (sites) and period. Draft inventories are (re)calculated; submitted
/// ones wait for approval and may be returned to draft; approved ones are locked.
/// </summary>
internal sealed class Inventory
{
    public const int NameMaxLength = 200;

    private Inventory()
    {
    }

    public Guid Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId? DistrictId { get; private set; }

    public JurisdictionId? TownId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public DateOnly PeriodFrom { get; private set; }

    public DateOnly PeriodTo { get; private set; }

    public string GridRegion { get; private set; } = string.Empty;

    public string GwpLibrary { get; private set; } = string.Empty;

    public InventoryStatus Status { get; private set; }

    public decimal? Scope1Tco2e { get; private set; }

    public decimal? Scope2LocationTco2e { get; private set; }

    public decimal? Scope2MarketTco2e { get; private set; }

    public decimal? EnergyTce { get; private set; }

    public bool ResidualStandInUsed { get; private set; }

    public string Notes { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTime? CalculatedAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public DateTime? ApprovedAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public List<InventorySite> Sites { get; private set; } = [];

    public static Inventory Create(Guid id, OrganisationId organisation, JurisdictionId? district, JurisdictionId? town, string name,
        DateOnly from, DateOnly to, string gridRegion, string gwpLibrary, IEnumerable<SiteId> sites, DateTime now, string actor)
    {
        var inventory = new Inventory
        {
            Id = id, OrganisationId = organisation, DistrictId = district, TownId = town, Name = name, PeriodFrom = from, PeriodTo = to,
            GridRegion = gridRegion, GwpLibrary = gwpLibrary, Status = InventoryStatus.Draft, CreatedAt = now, CreatedBy = actor,
        };
        inventory.Sites.AddRange(sites.Select(s => new InventorySite { InventoryId = id, SiteId = s }));
        return inventory;
    }

    public void RecordCalculation(InventoryCalculation calculation, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(calculation);
        if (Status != InventoryStatus.Draft)
        {
            throw new DomainRuleViolationException("OnlyDraftInventoriesCanBeCalculated", $"The inventory is {Status}; only a draft can be (re)calculated.");
        }

        Scope1Tco2e = calculation.TotalTco2e(EmissionScope.Scope1);
        Scope2LocationTco2e = calculation.TotalTco2e(EmissionScope.Scope2LocationBased);
        Scope2MarketTco2e = calculation.TotalTco2e(EmissionScope.Scope2MarketBased);
        EnergyTce = calculation.TotalTce;
        ResidualStandInUsed = calculation.ResidualStandInUsed;
        Notes = string.Join('\n', calculation.Notes);
        CalculatedAt = now;
    }

    public void Submit(DateTime now)
    {
        if (Status != InventoryStatus.Draft)
        {
            throw new DomainRuleViolationException("OnlyDraftInventoriesCanBeSubmitted", $"The inventory is {Status}.");
        }

        if (CalculatedAt is null)
        {
            throw new DomainRuleViolationException("InventoryMustBeCalculatedBeforeSubmission", "Calculate the inventory before submitting it.");
        }

        Status = InventoryStatus.Submitted;
        SubmittedAt = now;
    }

    public void Approve(DateTime now, string actor)
    {
        if (Status != InventoryStatus.Submitted)
        {
            throw new DomainRuleViolationException("OnlySubmittedInventoriesCanBeApproved", $"The inventory is {Status}.");
        }

        Status = InventoryStatus.Approved;
        ApprovedAt = now;
        ApprovedBy = actor;
    }

    public void ReturnToDraft()
    {
        if (Status != InventoryStatus.Submitted)
        {
            throw new DomainRuleViolationException("OnlySubmittedInventoriesCanBeReturned", $"The inventory is {Status}; approved inventories are locked.");
        }

        Status = InventoryStatus.Draft;
        SubmittedAt = null;
    }
}

internal sealed class InventorySite
{
    public Guid InventoryId { get; set; }

    public SiteId SiteId { get; set; }
}
