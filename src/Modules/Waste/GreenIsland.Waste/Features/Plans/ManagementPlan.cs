using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Plans;

internal enum ManagementPlanStatus
{
    Draft = 1,
    Filed = 2,
}

/// <summary>
/// An enterprise's annual hazardous-waste management plan (危险废物管理计划), due by 31 March of its year
/// (HJ 1259-2022): the wastes it expects to generate and how it will reduce, store and transfer them. Filed once; a
/// filed plan is a record (a change of plan is a new filing outside this system's scope).
/// </summary>
internal sealed class ManagementPlan : ITenantRow
{
    public const int TextMaxLength = 2000;

    private readonly List<ManagementPlanLine> _lines = [];

    private ManagementPlan()
    {
    }

    public Guid Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public int Year { get; private set; }

    public ManagementPlanStatus Status { get; private set; }

    public string ReductionMeasures { get; private set; } = string.Empty;

    public string StorageMeasures { get; private set; } = string.Empty;

    public string TransferPlan { get; private set; } = string.Empty;

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public string UpdatedBy { get; private set; } = string.Empty;

    public DateTime? FiledAt { get; private set; }

    public string? FiledBy { get; private set; }

    public bool IsDemo { get; private set; }

    public IReadOnlyList<ManagementPlanLine> Lines => _lines;

    public static ManagementPlan Draft(OrganisationId organisation, JurisdictionId district, JurisdictionId town, int year, DateTime now, string actor, bool demo = false) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = organisation,
        DistrictId = district,
        TownId = town,
        Year = year,
        Status = ManagementPlanStatus.Draft,
        CreatedAt = now,
        UpdatedAt = now,
        UpdatedBy = actor,
        IsDemo = demo,
    };

    public void Update(string reduction, string storage, string transfer, IReadOnlyList<(string Code, string Name, long ExpectedG)> lines, DateTime now, string actor)
    {
        if (Status != ManagementPlanStatus.Draft)
        {
            throw new DomainRuleViolationException("AFiledPlanCannotBeChanged", $"The {Year} management plan was filed on {FiledAt:yyyy-MM-dd}.");
        }

        ReductionMeasures = reduction;
        StorageMeasures = storage;
        TransferPlan = transfer;
        _lines.Clear();
        _lines.AddRange(lines.Select((l, i) => new ManagementPlanLine(Guid.CreateVersion7(), Id, i + 1, l.Code, l.Name, l.ExpectedG)));
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    /// <summary>
    /// The measure texts still empty, by their API field names. A draft may leave them empty; a filed plan states how
    /// the enterprise reduces, stores and transfers its waste, so filing needs all three.
    /// </summary>
    public IReadOnlyList<string> MeasuresMissingForFiling()
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(ReductionMeasures))
        {
            missing.Add("reductionMeasures");
        }

        if (string.IsNullOrWhiteSpace(StorageMeasures))
        {
            missing.Add("storageMeasures");
        }

        if (string.IsNullOrWhiteSpace(TransferPlan))
        {
            missing.Add("transferPlan");
        }

        return missing;
    }

    public void File(DateTime now, string actor)
    {
        if (Status != ManagementPlanStatus.Draft)
        {
            throw new DomainRuleViolationException("APlanIsFiledOnce", $"The {Year} management plan was already filed on {FiledAt:yyyy-MM-dd}.");
        }

        if (_lines.Count == 0)
        {
            throw new DomainRuleViolationException("APlanNamesAtLeastOneWaste", "Add at least one expected waste before filing.");
        }

        Status = ManagementPlanStatus.Filed;
        FiledAt = now;
        FiledBy = actor;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<ManagementPlan>
    {
        public const string Table = "waste_management_plans";

        public void Configure(EntityTypeBuilder<ManagementPlan> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.ReductionMeasures).HasMaxLength(TextMaxLength);
            b.Property(x => x.StorageMeasures).HasMaxLength(TextMaxLength);
            b.Property(x => x.TransferPlan).HasMaxLength(TextMaxLength);
            b.Property(x => x.UpdatedBy).HasMaxLength(200);
            b.Property(x => x.FiledBy).HasMaxLength(200);
            b.HasIndex(x => new { x.OrganisationId, x.Year }).IsUnique();
            b.HasIndex(x => new { x.DistrictId, x.Year });
            b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.PlanId).OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_waste_management_plan_lines_waste_management_plans_plan_id");
            b.Navigation(x => x.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            OversightModel.SnakeCase(b);
        }
    }
}

/// <summary>One expected waste of a plan, in grams.</summary>
internal sealed class ManagementPlanLine(Guid id, Guid planId, int lineNo, string wasteCode, string wasteName, long expectedG)
{
    public Guid Id { get; private set; } = id;

    public Guid PlanId { get; private set; } = planId;

    public int LineNo { get; private set; } = lineNo;

    public string WasteCode { get; private set; } = wasteCode;

    public string WasteName { get; private set; } = wasteName;

    public long ExpectedG { get; private set; } = expectedG;

    internal sealed class Configuration : IEntityTypeConfiguration<ManagementPlanLine>
    {
        public const string Table = "waste_management_plan_lines";

        public void Configure(EntityTypeBuilder<ManagementPlanLine> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.WasteCode).HasMaxLength(16);
            b.Property(x => x.WasteName).HasMaxLength(200);
            b.HasIndex(x => new { x.PlanId, x.LineNo }).IsUnique();
            OversightModel.SnakeCase(b);
        }
    }
}
