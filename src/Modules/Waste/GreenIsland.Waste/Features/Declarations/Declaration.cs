using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Declarations;

internal enum DeclarationStatus
{
    Draft = 1,
    Submitted = 2,
}

/// <summary>
/// A periodic declaration (申报) of an enterprise for one period of its tier's frequency, pre-filled from the waste
/// ledger: per waste code, the quantity generated, transferred out and in storage at the period's end. A draft is
/// re-filled from the ledger until it is submitted; a submitted declaration is a record.
/// </summary>
internal sealed class Declaration : ITenantRow
{
    public const int NoteMaxLength = 1000;

    private readonly List<DeclarationLine> _lines = [];

    private Declaration()
    {
    }

    public Guid Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public int Year { get; private set; }

    public DeclarationFrequency Frequency { get; private set; }

    public int PeriodIndex { get; private set; }

    public DateOnly PeriodFrom { get; private set; }

    public DateOnly PeriodTo { get; private set; }

    public DateOnly DueOn { get; private set; }

    public DeclarationStatus Status { get; private set; }

    public string? Note { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime PrefilledAt { get; private set; }

    public DateTime? SubmittedAt { get; private set; }

    public string? SubmittedBy { get; private set; }

    public bool IsDemo { get; private set; }

    public IReadOnlyList<DeclarationLine> Lines => _lines;

    public bool SubmittedLate => SubmittedAt is { } at && DateOnly.FromDateTime(at.AddHours(8)) > DueOn;

    public static Declaration Open(OrganisationId organisation, JurisdictionId district, JurisdictionId town, DeclarationPeriod period, DateTime now, bool demo = false) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = organisation,
        DistrictId = district,
        TownId = town,
        Year = period.Year,
        Frequency = period.Frequency,
        PeriodIndex = period.Index,
        PeriodFrom = period.From,
        PeriodTo = period.To,
        DueOn = period.DueOn,
        Status = DeclarationStatus.Draft,
        CreatedAt = now,
        PrefilledAt = now,
        IsDemo = demo,
    };

    public void Prefill(IReadOnlyList<LedgerTotals> totals, DateTime now)
    {
        if (Status != DeclarationStatus.Draft)
        {
            throw new DomainRuleViolationException("ASubmittedDeclarationIsARecord", $"The declaration for {PeriodFrom:yyyy-MM-dd}..{PeriodTo:yyyy-MM-dd} was submitted on {SubmittedAt:yyyy-MM-dd}.");
        }

        _lines.Clear();
        _lines.AddRange(totals.Select((t, i) => new DeclarationLine(Guid.CreateVersion7(), Id, i + 1, t.WasteCode, t.WasteName, t.Category, t.OpeningG, t.GeneratedG, t.WeighingDifferenceG,
            t.TransferredG, t.ClosingG)));
        PrefilledAt = now;
    }

    public void Submit(string? note, DateTime now, string actor)
    {
        if (Status != DeclarationStatus.Draft)
        {
            throw new DomainRuleViolationException("ADeclarationIsSubmittedOnce", $"The declaration was already submitted on {SubmittedAt:yyyy-MM-dd}.");
        }

        Status = DeclarationStatus.Submitted;
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        SubmittedAt = now;
        SubmittedBy = actor;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<Declaration>
    {
        public const string Table = "waste_declarations";

        public void Configure(EntityTypeBuilder<Declaration> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.Frequency).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Note).HasMaxLength(NoteMaxLength);
            b.Property(x => x.SubmittedBy).HasMaxLength(200);
            b.Ignore(x => x.SubmittedLate);
            var period = b.HasIndex(x => new { x.OrganisationId, x.Year, x.Frequency, x.PeriodIndex }).IsUnique();
            b.HasIndex(x => new { x.DistrictId, x.DueOn });
            b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.DeclarationId).OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("fk_waste_declaration_lines_waste_declarations_declaration_id");
            b.Navigation(x => x.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
            OversightModel.SnakeCase(b);

            // PostgreSQL identifiers stop at 63 characters.
            period.HasDatabaseName("ix_waste_declarations_organisation_id_year_period");
        }
    }
}

/// <summary>
/// Ledger totals of one waste code over a period, in grams: opening + generated + weighing difference (measured at
/// pickup minus deposited) - transferred (measured) = closing.
/// </summary>
internal sealed record LedgerTotals(string WasteCode, string WasteName, string Category, long OpeningG, long GeneratedG, long WeighingDifferenceG, long TransferredG, long ClosingG);

internal sealed class DeclarationLine(Guid id, Guid declarationId, int lineNo, string wasteCode, string wasteName, string category, long openingG, long generatedG,
    long weighingDifferenceG, long transferredG, long closingG)
{
    public Guid Id { get; private set; } = id;

    public Guid DeclarationId { get; private set; } = declarationId;

    public int LineNo { get; private set; } = lineNo;

    public string WasteCode { get; private set; } = wasteCode;

    public string WasteName { get; private set; } = wasteName;

    public string Category { get; private set; } = category;

    public long OpeningG { get; private set; } = openingG;

    public long GeneratedG { get; private set; } = generatedG;

    /// <summary>称重差异: what left weighed this much more (or less, negative) at pickup than at deposit.</summary>
    public long WeighingDifferenceG { get; private set; } = weighingDifferenceG;

    public long TransferredG { get; private set; } = transferredG;

    public long ClosingG { get; private set; } = closingG;

    internal sealed class Configuration : IEntityTypeConfiguration<DeclarationLine>
    {
        public const string Table = "waste_declaration_lines";

        public void Configure(EntityTypeBuilder<DeclarationLine> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.WasteCode).HasMaxLength(16);
            b.Property(x => x.WasteName).HasMaxLength(200);
            b.Property(x => x.Category).HasMaxLength(8);
            b.HasIndex(x => new { x.DeclarationId, x.LineNo }).IsUnique();
            OversightModel.SnakeCase(b);
        }
    }
}
