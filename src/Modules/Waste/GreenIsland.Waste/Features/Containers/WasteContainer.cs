using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Containers;

/// <summary>
/// A container of hazardous waste deposited in a cabinet compartment, with every field of its HJ 1276-2022 label
/// (name, code, category, main components, hazard characteristics, precautions, producer, contact, date, weight) and
/// its digital identification code, which is also the QR payload. States: Stored -> Collected -> Received ->
/// Disposed, or Refused; the storage-age clock runs from the generation date.
/// </summary>
internal sealed class WasteContainer : IGeneratorRow
{
    public const int CodeMaxLength = 40;
    public const int TextMaxLength = 500;

    public Guid Id { get; set; }

    /// <summary>Digital identification code (数字识别码) = QR payload.</summary>
    public string Code { get; set; } = string.Empty;

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public Guid StreamId { get; set; }

    public Guid CabinetId { get; set; }

    public Guid CompartmentId { get; set; }

    public string Edition { get; set; } = string.Empty;

    public string WasteCode { get; set; } = string.Empty;

    public string CategoryCode { get; set; } = string.Empty;

    public string WasteName { get; set; } = string.Empty;

    public string? MainComponents { get; set; }

    public string Characteristics { get; set; } = string.Empty;

    public string? Precautions { get; set; }

    public PhysicalForm PhysicalForm { get; set; }

    public string Packaging { get; set; } = string.Empty;

    public string ProducerName { get; set; } = string.Empty;

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public DateOnly GeneratedOn { get; set; }

    /// <summary>Weight on the label (estimated or weighed at deposit), grams.</summary>
    public long WeightG { get; set; }

    /// <summary>Weight measured at collection, grams.</summary>
    public long? CollectedWeightG { get; set; }

    public int VolumeLitres { get; set; }

    public CompatibilityGroup CompatibilityGroup { get; set; }

    public ContainerState State { get; set; }

    public DateTime DepositedAt { get; set; }

    public string DepositedBy { get; set; } = string.Empty;

    public DateOnly StorageLimitDate { get; set; }

    public DateTime? StorageWarnedAt { get; set; }

    public DateTime? StorageExceededAt { get; set; }

    public Guid? PickupRequestId { get; set; }

    public DateTime? CollectedAt { get; set; }

    public DateTime? ReceivedAt { get; set; }

    public DateTime? DisposedAt { get; set; }

    public DateTime? RefusedAt { get; set; }

    public string? RefusalReason { get; set; }

    public bool IsDemo { get; set; }

    public void Collect(DateTime at, long? weighedGrams, Guid? pickupRequestId)
    {
        Require(ContainerState.Stored, "OnlyAStoredContainerCanBeCollected");
        if (at < DepositedAt)
        {
            throw new DomainRuleViolationException("AContainerCannotBeCollectedBeforeItWasDeposited", "The collection instant is before the deposit.");
        }

        State = ContainerState.Collected;
        CollectedAt = at;
        CollectedWeightG = weighedGrams ?? CollectedWeightG;
        PickupRequestId = pickupRequestId ?? PickupRequestId;
    }

    public void Receive(DateTime at)
    {
        Require(ContainerState.Collected, "OnlyACollectedContainerCanBeReceived");
        EnsureNotBefore(at, CollectedAt);
        State = ContainerState.Received;
        ReceivedAt = at;
    }

    public void Dispose(DateTime at)
    {
        Require(ContainerState.Received, "OnlyAReceivedContainerCanBeDisposed");
        EnsureNotBefore(at, ReceivedAt);
        State = ContainerState.Disposed;
        DisposedAt = at;
    }

    public void Refuse(DateTime at, string reason)
    {
        if (State is not (ContainerState.Collected or ContainerState.Received))
        {
            throw new DomainRuleViolationException("OnlyACollectedOrReceivedContainerCanBeRefused", $"The container is {State}.");
        }

        EnsureNotBefore(at, CollectedAt);
        State = ContainerState.Refused;
        RefusedAt = at;
        RefusalReason = reason;
    }

    private void Require(ContainerState expected, string rule)
    {
        if (State != expected)
        {
            throw new DomainRuleViolationException(rule, $"The container {Code} is {State}.");
        }
    }

    private static void EnsureNotBefore(DateTime at, DateTime? previous)
    {
        if (previous is { } p && at < p)
        {
            throw new DomainRuleViolationException("ContainerStepsHappenInOrder", "The instant is before the container's previous step.");
        }
    }

    internal sealed class Configuration : IEntityTypeConfiguration<WasteContainer>
    {
        public const string Table = "waste_containers";

        public void Configure(EntityTypeBuilder<WasteContainer> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_containers");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(CodeMaxLength);
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.StreamId).HasColumnName("stream_id");
            b.Property(x => x.CabinetId).HasColumnName("cabinet_id");
            b.Property(x => x.CompartmentId).HasColumnName("compartment_id");
            b.Property(x => x.Edition).HasColumnName("edition").HasMaxLength(8);
            b.Property(x => x.WasteCode).HasColumnName("waste_code").HasMaxLength(10);
            b.Property(x => x.CategoryCode).HasColumnName("category_code").HasMaxLength(4);
            b.Property(x => x.WasteName).HasColumnName("waste_name").HasMaxLength(200);
            b.Property(x => x.MainComponents).HasColumnName("main_components").HasMaxLength(TextMaxLength);
            b.Property(x => x.Characteristics).HasColumnName("characteristics").HasMaxLength(16);
            b.Property(x => x.Precautions).HasColumnName("precautions").HasMaxLength(TextMaxLength);
            b.Property(x => x.PhysicalForm).HasColumnName("physical_form").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Packaging).HasColumnName("packaging").HasMaxLength(100);
            b.Property(x => x.ProducerName).HasColumnName("producer_name").HasMaxLength(200);
            b.Property(x => x.ContactName).HasColumnName("contact_name").HasMaxLength(100);
            b.Property(x => x.ContactPhone).HasColumnName("contact_phone").HasMaxLength(32);
            b.Property(x => x.GeneratedOn).HasColumnName("generated_on");
            b.Property(x => x.WeightG).HasColumnName("weight_g");
            b.Property(x => x.CollectedWeightG).HasColumnName("collected_weight_g");
            b.Property(x => x.VolumeLitres).HasColumnName("volume_litres");
            b.Property(x => x.CompatibilityGroup).HasColumnName("compatibility_group").HasConversion<int>();
            b.Property(x => x.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.DepositedAt).HasColumnName("deposited_at");
            b.Property(x => x.DepositedBy).HasColumnName("deposited_by").HasMaxLength(200);
            b.Property(x => x.StorageLimitDate).HasColumnName("storage_limit_date");
            b.Property(x => x.StorageWarnedAt).HasColumnName("storage_warned_at");
            b.Property(x => x.StorageExceededAt).HasColumnName("storage_exceeded_at");
            b.Property(x => x.PickupRequestId).HasColumnName("pickup_request_id");
            b.Property(x => x.CollectedAt).HasColumnName("collected_at");
            b.Property(x => x.ReceivedAt).HasColumnName("received_at");
            b.Property(x => x.DisposedAt).HasColumnName("disposed_at");
            b.Property(x => x.RefusedAt).HasColumnName("refused_at");
            b.Property(x => x.RefusalReason).HasColumnName("refusal_reason").HasMaxLength(TextMaxLength);
            b.Property(x => x.IsDemo).HasColumnName("is_demo");
            b.HasIndex(x => x.Code).IsUnique().HasDatabaseName("ux_waste_containers_code");
            b.HasIndex(x => new { x.CabinetId, x.State }).HasDatabaseName("ix_waste_containers_cabinet_id_state");
            b.HasIndex(x => new { x.OrganisationId, x.State }).HasDatabaseName("ix_waste_containers_organisation_id_state");
            b.HasIndex(x => new { x.State, x.StorageLimitDate }).HasDatabaseName("ix_waste_containers_state_storage_limit_date");
        }
    }
}
