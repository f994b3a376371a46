using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>Life of a trip: drafted by the planner, adjusted, published to the driver, completed.</summary>
internal enum TripStatus
{
    Draft = 1,
    Published = 2,
    Completed = 3,
    Cancelled = 4,
}

/// <summary>
/// One vehicle's collection round on a day: stops in order, the receiver the waste goes to (the collector's own
/// transfer warehouse or a disposal facility), the driver once published. A locked trip is kept as it is when the
/// dispatcher plans the day again.
/// </summary>
internal sealed class Trip : ITenantRow
{
    public const int CodeMaxLength = 32;

    private Trip()
    {
        Code = VehiclePlate = CreatedBy = ReceiverName = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The collector.</summary>
    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    /// <summary>Human-facing code, e.g. <c>T20261121-03</c>.</summary>
    public string Code { get; private set; }

    public DateOnly PlanDate { get; private set; }

    public Guid VehicleId { get; private set; }

    public string VehiclePlate { get; private set; }

    public OrganisationId ReceiverOrganisationId { get; private set; }

    public string ReceiverName { get; private set; }

    public Guid? DriverUserId { get; private set; }

    public string? DriverName { get; private set; }

    public TripStatus Status { get; private set; }

    public bool Locked { get; private set; }

    public long DistanceM { get; private set; }

    public TimeOnly PlannedStart { get; private set; }

    public TimeOnly PlannedEnd { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTime? PublishedAt { get; private set; }

    public DateTime? CompletedAt { get; private set; }

    public static Trip Draft(OrganisationId collector, JurisdictionId district, JurisdictionId town, string code, DateOnly date, Guid vehicleId, string plate,
        OrganisationId receiver, string receiverName, DateTime now, string actor) => new()
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = collector,
            DistrictId = district,
            TownId = town,
            Code = code,
            PlanDate = date,
            VehicleId = vehicleId,
            VehiclePlate = plate,
            ReceiverOrganisationId = receiver,
            ReceiverName = receiverName,
            Status = TripStatus.Draft,
            CreatedAt = now,
            CreatedBy = actor,
        };

    public void Schedule(long distanceM, TimeOnly start, TimeOnly end)
    {
        DistanceM = distanceM;
        PlannedStart = start;
        PlannedEnd = end;
    }

    public void RequireDraft()
    {
        if (Status != TripStatus.Draft)
        {
            throw new DomainRuleViolationException("OnlyDraftTripsCanBeAdjusted", $"Trip {Code} is {Status}; adjust a plan before it is published.");
        }
    }

    public void Lock(bool locked)
    {
        RequireDraft();
        Locked = locked;
    }

    public void Publish(Guid driverUserId, string driverName, DateTime now)
    {
        RequireDraft();
        DriverUserId = driverUserId;
        DriverName = driverName;
        Status = TripStatus.Published;
        Locked = true;
        PublishedAt = now;
    }

    public void Complete(DateTime now)
    {
        if (Status == TripStatus.Published)
        {
            Status = TripStatus.Completed;
            CompletedAt = now;
        }
    }

    internal sealed class Configuration : IEntityTypeConfiguration<Trip>
    {
        public const string Table = "waste_trips";

        public void Configure(EntityTypeBuilder<Trip> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_trips");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(CodeMaxLength);
            b.Property(x => x.PlanDate).HasColumnName("plan_date");
            b.Property(x => x.VehicleId).HasColumnName("vehicle_id");
            b.Property(x => x.VehiclePlate).HasColumnName("vehicle_plate").HasMaxLength(16);
            b.Property(x => x.ReceiverOrganisationId).HasColumnName("receiver_organisation_id");
            b.Property(x => x.ReceiverName).HasColumnName("receiver_name").HasMaxLength(200);
            b.Property(x => x.DriverUserId).HasColumnName("driver_user_id");
            b.Property(x => x.DriverName).HasColumnName("driver_name").HasMaxLength(200);
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Locked).HasColumnName("locked");
            b.Property(x => x.DistanceM).HasColumnName("distance_m");
            b.Property(x => x.PlannedStart).HasColumnName("planned_start");
            b.Property(x => x.PlannedEnd).HasColumnName("planned_end");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Property(x => x.PublishedAt).HasColumnName("published_at");
            b.Property(x => x.CompletedAt).HasColumnName("completed_at");
            b.HasIndex(x => new { x.OrganisationId, x.PlanDate }).HasDatabaseName("ix_waste_trips_organisation_id_plan_date");
            b.HasIndex(x => new { x.DriverUserId, x.PlanDate }).HasDatabaseName("ix_waste_trips_driver_user_id_plan_date");
            b.HasIndex(x => new { x.OrganisationId, x.Code }).IsUnique().HasDatabaseName("ux_waste_trips_organisation_id_code");
        }
    }
}
