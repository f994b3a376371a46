using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.PickupRequests;

internal enum PickupOrigin
{
    /// <summary>Raised by the fill rule.</summary>
    Automatic = 1,

    /// <summary>Raised by the enterprise.</summary>
    Enterprise = 2,
}

/// <summary>
/// A request to collect from a generator's site (usually one cabinet), in the serving collector's queue:
/// Open -> Planned -> Collected, or Cancelled; Planned returns to Open when its trip stop is dropped. A cabinet has
/// at most one active (Open or Planned) request; a filtered unique index guarantees it under concurrency.
/// </summary>
internal sealed class PickupRequest : IGeneratorRow
{
    public const int NoteMaxLength = 500;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public Guid? CabinetId { get; set; }

    /// <summary>The serving collector when the request was raised (its queue). Visibility follows the agreement in force (IGeneratorRow).</summary>
    public OrganisationId CollectorId { get; set; }

    public PickupOrigin Origin { get; set; }

    public PickupRequestStatus Status { get; set; }

    public double? FillRatioAtRaise { get; set; }

    public string? Note { get; set; }

    public DateTime RaisedAt { get; set; }

    public string RaisedBy { get; set; } = string.Empty;

    public Guid? TripId { get; set; }

    public DateTime? PlannedAt { get; set; }

    public DateTime? CollectedAt { get; set; }

    public DateTime? CancelledAt { get; set; }

    public string? CancelReason { get; set; }

    public bool IsActive => Status is PickupRequestStatus.Open or PickupRequestStatus.Planned;

    public void Plan(Guid tripId, DateTime at)
    {
        if (Status != PickupRequestStatus.Open)
        {
            throw new DomainRuleViolationException("OnlyAnOpenPickupRequestCanBePlanned", $"The pickup request is {Status}.");
        }

        Status = PickupRequestStatus.Planned;
        TripId = tripId;
        PlannedAt = at;
    }

    public void ReturnToQueue()
    {
        if (Status != PickupRequestStatus.Planned)
        {
            throw new DomainRuleViolationException("OnlyAPlannedPickupRequestReturnsToTheQueue", $"The pickup request is {Status}.");
        }

        Status = PickupRequestStatus.Open;
        TripId = null;
        PlannedAt = null;
    }

    public void Collect(DateTime at)
    {
        if (Status != PickupRequestStatus.Planned)
        {
            throw new DomainRuleViolationException("OnlyAPlannedPickupRequestCanBeCollected", $"The pickup request is {Status}.");
        }

        Status = PickupRequestStatus.Collected;
        CollectedAt = at;
    }

    public void Cancel(DateTime at, string reason)
    {
        if (Status != PickupRequestStatus.Open)
        {
            throw new DomainRuleViolationException("OnlyAnOpenPickupRequestCanBeCancelled", $"The pickup request is {Status}.");
        }

        Status = PickupRequestStatus.Cancelled;
        CancelledAt = at;
        CancelReason = reason;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<PickupRequest>
    {
        public const string Table = "waste_pickup_requests";

        public void Configure(EntityTypeBuilder<PickupRequest> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_pickup_requests");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CabinetId).HasColumnName("cabinet_id");
            b.Property(x => x.CollectorId).HasColumnName("collector_id");
            b.Ignore(x => x.IsActive);
            b.Property(x => x.Origin).HasColumnName("origin").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.FillRatioAtRaise).HasColumnName("fill_ratio_at_raise");
            b.Property(x => x.Note).HasColumnName("note").HasMaxLength(NoteMaxLength);
            b.Property(x => x.RaisedAt).HasColumnName("raised_at");
            b.Property(x => x.RaisedBy).HasColumnName("raised_by").HasMaxLength(200);
            b.Property(x => x.TripId).HasColumnName("trip_id");
            b.Property(x => x.PlannedAt).HasColumnName("planned_at");
            b.Property(x => x.CollectedAt).HasColumnName("collected_at");
            b.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
            b.Property(x => x.CancelReason).HasColumnName("cancel_reason").HasMaxLength(NoteMaxLength);
            b.HasIndex(x => new { x.CollectorId, x.Status }).HasDatabaseName("ix_waste_pickup_requests_collector_id_status");
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_pickup_requests_organisation_id");
            b.HasIndex(x => x.CabinetId).IsUnique().HasFilter(ActiveFilter).HasDatabaseName("ux_waste_pickup_requests_active_cabinet");
        }

        /// <summary>Same SQL on SQLite and PostgreSQL (lower-case unquoted identifiers, string literals).</summary>
        public const string ActiveFilter = "status IN ('Open', 'Planned')";
    }
}
