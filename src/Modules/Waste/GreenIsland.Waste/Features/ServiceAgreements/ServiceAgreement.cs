using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.ServiceAgreements;

/// <summary>
/// A licensed collector serves a generator (enterprise) from <see cref="ValidFrom"/> to <see cref="ValidTo"/>
/// (inclusive, China Standard Time dates; open-ended when null). While an agreement is in force the collector's users
/// see the generator's waste data and the generator's pickup requests land in the collector's queue. A generator has
/// at most one serving collector on any date.
/// </summary>
internal sealed class ServiceAgreement
{
    public const int ContractNumberMaxLength = 64;
    public const int ReasonMaxLength = 500;

    private ServiceAgreement()
    {
    }

    public Guid Id { get; private set; }

    public OrganisationId CollectorId { get; private set; }

    public OrganisationId GeneratorId { get; private set; }

    /// <summary>The generator's district (regulators of it see the agreement).</summary>
    public JurisdictionId DistrictId { get; private set; }

    /// <summary>The generator's town.</summary>
    public JurisdictionId TownId { get; private set; }

    public DateOnly ValidFrom { get; private set; }

    public DateOnly? ValidTo { get; private set; }

    public string? ContractNumber { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public string? EndReason { get; private set; }

    public bool IsInForceOn(DateOnly date) => ValidFrom <= date && (ValidTo is null || ValidTo >= date);

    public bool Overlaps(DateOnly from, DateOnly? to) => ValidFrom <= (to ?? DateOnly.MaxValue) && from <= (ValidTo ?? DateOnly.MaxValue);

    public static ServiceAgreement Sign(OrganisationId collector, OrganisationId generator, JurisdictionId district, JurisdictionId town,
        DateOnly validFrom, DateOnly? validTo, string? contractNumber, string actor, DateTime now)
    {
        if (validTo is { } to && to < validFrom)
        {
            throw new DomainRuleViolationException("AgreementCannotEndBeforeItStarts", "validTo is before validFrom.");
        }

        return new ServiceAgreement
        {
            Id = Guid.CreateVersion7(),
            CollectorId = collector,
            GeneratorId = generator,
            DistrictId = district,
            TownId = town,
            ValidFrom = validFrom,
            ValidTo = validTo,
            ContractNumber = string.IsNullOrWhiteSpace(contractNumber) ? null : contractNumber.Trim(),
            CreatedAt = now,
            CreatedBy = actor,
        };
    }

    /// <summary>Ends the agreement on <paramref name="lastDay"/> (inclusive).</summary>
    public void End(DateOnly lastDay, string reason)
    {
        if (lastDay < ValidFrom)
        {
            throw new DomainRuleViolationException("AgreementCannotEndBeforeItStarts", $"The agreement starts on {ValidFrom:yyyy-MM-dd}; it cannot end on {lastDay:yyyy-MM-dd}.");
        }

        if (ValidTo is { } to && to <= lastDay)
        {
            throw new DomainRuleViolationException("AgreementCanOnlyBeShortened", $"The agreement already ends on {to:yyyy-MM-dd}.");
        }

        ValidTo = lastDay;
        EndReason = reason.Trim();
    }

    internal sealed class Configuration : IEntityTypeConfiguration<ServiceAgreement>
    {
        public const string Table = "waste_service_agreements";

        public void Configure(EntityTypeBuilder<ServiceAgreement> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_service_agreements");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.CollectorId).HasColumnName("collector_id");
            b.Property(x => x.GeneratorId).HasColumnName("generator_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.ValidFrom).HasColumnName("valid_from");
            b.Property(x => x.ValidTo).HasColumnName("valid_to");
            b.Property(x => x.ContractNumber).HasColumnName("contract_number").HasMaxLength(ContractNumberMaxLength);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Property(x => x.EndReason).HasColumnName("end_reason").HasMaxLength(ReasonMaxLength);
            b.HasIndex(x => new { x.GeneratorId, x.ValidFrom }).HasDatabaseName("ix_waste_service_agreements_generator_id_valid_from");
            b.HasIndex(x => new { x.CollectorId, x.GeneratorId }).HasDatabaseName("ix_waste_service_agreements_collector_id_generator_id");
        }
    }
}
