using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Alerts;

/// <summary>What an alert is about. Other owners add their kinds here (one line each).</summary>
internal enum AlertKind
{
    FillThreshold = 1,
    StorageAgeApproaching = 2,
    StorageLimitExceeded = 3,
    IncompatibleDeposit = 4,
    TemperatureOutOfRange = 5,
    VocOutOfRange = 6,
    CabinetOffline = 7,
    ManifestConfirmationOverdue = 20,
    ManifestWeightDiscrepancy = 21,
}

internal enum AlertStatus
{
    Open = 1,
    Acknowledged = 2,
    Closed = 3,
}

/// <summary>An alert on a generator's cabinet or container; acknowledged, then closed with a reason.</summary>
internal sealed class WasteAlert : IGeneratorRow
{
    public const int MessageMaxLength = 500;
    public const int ReasonMaxLength = 500;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId? SiteId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public Guid? CabinetId { get; set; }

    public Guid? ContainerId { get; set; }

    /// <summary>The object of another feature the alert concerns (a manifest, a trip), if any.</summary>
    public Guid? SubjectId { get; set; }

    public AlertKind Kind { get; set; }

    public AlertStatus Status { get; set; }

    public string Message { get; set; } = string.Empty;

    public double? Value { get; set; }

    public double? Threshold { get; set; }

    public DateTime RaisedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTime? ClosedAt { get; set; }

    public string? ClosedBy { get; set; }

    public string? CloseReason { get; set; }

    public void Acknowledge(DateTime at, string actor)
    {
        if (Status != AlertStatus.Open)
        {
            throw new DomainRuleViolationException("OnlyAnOpenAlertCanBeAcknowledged", $"The alert is {Status}.");
        }

        Status = AlertStatus.Acknowledged;
        AcknowledgedAt = at;
        AcknowledgedBy = actor;
    }

    public void Close(DateTime at, string actor, string reason)
    {
        if (Status == AlertStatus.Closed)
        {
            throw new DomainRuleViolationException("AClosedAlertStaysClosed", "The alert is already closed.");
        }

        Status = AlertStatus.Closed;
        ClosedAt = at;
        ClosedBy = actor;
        CloseReason = reason;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<WasteAlert>
    {
        public const string Table = "waste_alerts";

        public void Configure(EntityTypeBuilder<WasteAlert> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_alerts");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CabinetId).HasColumnName("cabinet_id");
            b.Property(x => x.ContainerId).HasColumnName("container_id");
            b.Property(x => x.SubjectId).HasColumnName("subject_id");
            b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(40);
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Message).HasColumnName("message").HasMaxLength(MessageMaxLength);
            b.Property(x => x.Value).HasColumnName("value");
            b.Property(x => x.Threshold).HasColumnName("threshold");
            b.Property(x => x.RaisedAt).HasColumnName("raised_at");
            b.Property(x => x.AcknowledgedAt).HasColumnName("acknowledged_at");
            b.Property(x => x.AcknowledgedBy).HasColumnName("acknowledged_by").HasMaxLength(200);
            b.Property(x => x.ClosedAt).HasColumnName("closed_at");
            b.Property(x => x.ClosedBy).HasColumnName("closed_by").HasMaxLength(200);
            b.Property(x => x.CloseReason).HasColumnName("close_reason").HasMaxLength(ReasonMaxLength);
            b.HasIndex(x => new { x.OrganisationId, x.Status }).HasDatabaseName("ix_waste_alerts_organisation_id_status");
            b.HasIndex(x => new { x.CabinetId, x.Kind, x.Status }).HasDatabaseName("ix_waste_alerts_cabinet_id_kind_status");
            b.HasIndex(x => new { x.ContainerId, x.Kind }).HasDatabaseName("ix_waste_alerts_container_id_kind");
        }
    }
}
