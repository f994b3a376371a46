using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Vehicles;

/// <summary>
/// A collector's licensed vehicle: plate, transport permit and the HW categories it covers, payload (kg) overall and
/// per compartment with the compatibility groups each compartment may carry, the daily shift (China Standard Time)
/// and the home depot (one of the collector's sites).
/// </summary>
internal sealed class Vehicle : ITenantRow
{
    public const int PlateMaxLength = 16;
    public const int PermitMaxLength = 64;

    private readonly List<VehicleCompartment> _compartments = [];

    private Vehicle()
    {
        Plate = PermitNumber = PermittedCategories = CreatedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The collector.</summary>
    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public string Plate { get; private set; }

    public string PermitNumber { get; private set; }

    /// <summary>Permitted HW category numbers, comma-separated and sorted (e.g. <c>8,12,49</c>).</summary>
    public string PermittedCategories { get; private set; }

    public int CapacityKg { get; private set; }

    public TimeOnly ShiftStart { get; private set; }

    public TimeOnly ShiftEnd { get; private set; }

    public SiteId DepotSiteId { get; private set; }

    public double DepotLatitude { get; private set; }

    public double DepotLongitude { get; private set; }

    public bool IsActive { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; }

    public IReadOnlyList<VehicleCompartment> Compartments => _compartments;

    public IReadOnlyList<int> Categories => ParseList(PermittedCategories);

    public static Vehicle Register(OrganisationId collector, JurisdictionId district, JurisdictionId town, VehicleSpec spec, PlatformSiteView depot, DateTime now, string actor)
    {
        var vehicle = new Vehicle
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = collector,
            DistrictId = district,
            TownId = town,
            CreatedAt = now,
            CreatedBy = actor,
            IsActive = true,
        };
        vehicle.Update(spec, depot);
        return vehicle;
    }

    public void Update(VehicleSpec spec, PlatformSiteView depot)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(depot);
        Plate = spec.Plate;
        PermitNumber = spec.PermitNumber;
        PermittedCategories = JoinList(spec.Categories);
        CapacityKg = spec.CapacityKg;
        ShiftStart = spec.ShiftStart;
        ShiftEnd = spec.ShiftEnd;
        DepotSiteId = depot.Id;
        DepotLatitude = depot.Latitude;
        DepotLongitude = depot.Longitude;
        IsActive = spec.IsActive;
        _compartments.Clear();
        _compartments.AddRange(spec.Compartments.Select((c, i) => new VehicleCompartment(Id, i + 1, c.CapacityKg, JoinList(c.Groups))));
    }

    public DispatchVehicle ToDispatch() => new(Id, Plate, CapacityKg,
        _compartments.OrderBy(c => c.Position).Select(c => new DispatchCompartment(c.CapacityKg, ParseList(c.AllowedGroups))).ToList(),
        Categories, ShiftStart, ShiftEnd, DepotLatitude, DepotLongitude);

    internal static string JoinList(IEnumerable<int> values) => string.Join(',', values.Distinct().Order().Select(v => v.ToString(CultureInfo.InvariantCulture)));

    internal static IReadOnlyList<int> ParseList(string text) =>
        string.IsNullOrEmpty(text) ? [] : text.Split(',').Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();

    internal sealed class Configuration : IEntityTypeConfiguration<Vehicle>
    {
        public const string Table = "waste_vehicles";

        public void Configure(EntityTypeBuilder<Vehicle> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_vehicles");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Plate).HasColumnName("plate").HasMaxLength(PlateMaxLength);
            b.Property(x => x.PermitNumber).HasColumnName("permit_number").HasMaxLength(PermitMaxLength);
            b.Property(x => x.PermittedCategories).HasColumnName("permitted_categories").HasMaxLength(200);
            b.Property(x => x.CapacityKg).HasColumnName("capacity_kg");
            b.Property(x => x.ShiftStart).HasColumnName("shift_start");
            b.Property(x => x.ShiftEnd).HasColumnName("shift_end");
            b.Property(x => x.DepotSiteId).HasColumnName("depot_site_id");
            b.Property(x => x.DepotLatitude).HasColumnName("depot_latitude");
            b.Property(x => x.DepotLongitude).HasColumnName("depot_longitude");
            b.Property(x => x.IsActive).HasColumnName("is_active");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Ignore(x => x.Categories);
            b.HasIndex(x => new { x.OrganisationId, x.Plate }).IsUnique().HasDatabaseName("ux_waste_vehicles_organisation_id_plate");
            b.HasMany(x => x.Compartments).WithOne().HasForeignKey(c => c.VehicleId).HasConstraintName("fk_waste_vehicle_compartments_vehicle_id").OnDelete(DeleteBehavior.Cascade);
            b.Navigation(x => x.Compartments).HasField("_compartments").UsePropertyAccessMode(PropertyAccessMode.Field);
        }
    }
}

/// <summary>A compartment: payload and the compatibility groups it may carry (empty = any).</summary>
internal sealed class VehicleCompartment(Guid vehicleId, int position, int capacityKg, string allowedGroups)
{
    public Guid VehicleId { get; private set; } = vehicleId;

    public int Position { get; private set; } = position;

    public int CapacityKg { get; private set; } = capacityKg;

    /// <summary>Comma-separated compatibility group numbers.</summary>
    public string AllowedGroups { get; private set; } = allowedGroups;

    internal sealed class Configuration : IEntityTypeConfiguration<VehicleCompartment>
    {
        public const string Table = "waste_vehicle_compartments";

        public void Configure(EntityTypeBuilder<VehicleCompartment> b)
        {
            b.ToTable(Table);
            b.HasKey(x => new { x.VehicleId, x.Position }).HasName("pk_waste_vehicle_compartments");
            b.Property(x => x.VehicleId).HasColumnName("vehicle_id");
            b.Property(x => x.Position).HasColumnName("position").ValueGeneratedNever();
            b.Property(x => x.CapacityKg).HasColumnName("capacity_kg");
            b.Property(x => x.AllowedGroups).HasColumnName("allowed_groups").HasMaxLength(200);
        }
    }
}

/// <summary>A validated vehicle description.</summary>
internal sealed record VehicleSpec(string Plate, string PermitNumber, IReadOnlyList<int> Categories, int CapacityKg,
    IReadOnlyList<(int CapacityKg, IReadOnlyList<int> Groups)> Compartments, TimeOnly ShiftStart, TimeOnly ShiftEnd, bool IsActive);
