using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Cabinets;

/// <summary>
/// A smart storage cabinet (危废收集云仓) of a generator: a Telemetry device of type StorageCabinet. The latest fill
/// ratio, temperature and VOC reading are kept here from Telemetry's events, with the rule state that gives the
/// rules their hysteresis (armed / alarm flags).
/// </summary>
internal sealed class Cabinet : IGeneratorRow
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public DeviceId DeviceId { get; set; }

    public string Name { get; set; } = string.Empty;

    public double? FillRatio { get; set; }

    public double? TemperatureC { get; set; }

    public double? VocPpm { get; set; }

    public DateTime? LastReadingAt { get; set; }

    /// <summary>Null until Telemetry reports the device offline or online.</summary>
    public bool? Online { get; set; }

    public DateTime? OnlineChangedAt { get; set; }

    /// <summary>Fill rule: whether crossing the trigger raises a pickup request (re-armed below the re-arm level or when the request closes).</summary>
    public bool FillArmed { get; set; } = true;

    public bool TemperatureAlarm { get; set; }

    public bool VocAlarm { get; set; }

    /// <summary>Per-cabinet override of the configured maximum temperature (°C).</summary>
    public double? TemperatureMaxC { get; set; }

    /// <summary>Per-cabinet override of the configured maximum VOC concentration (ppm).</summary>
    public double? VocMaxPpm { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public List<CabinetCompartment> Compartments { get; } = [];

    internal sealed class Configuration : IEntityTypeConfiguration<Cabinet>
    {
        public const string Table = "waste_cabinets";

        public void Configure(EntityTypeBuilder<Cabinet> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_cabinets");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.DeviceId).HasColumnName("device_id");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(NameMaxLength);
            b.Property(x => x.FillRatio).HasColumnName("fill_ratio");
            b.Property(x => x.TemperatureC).HasColumnName("temperature_c");
            b.Property(x => x.VocPpm).HasColumnName("voc_ppm");
            b.Property(x => x.LastReadingAt).HasColumnName("last_reading_at");
            b.Property(x => x.Online).HasColumnName("online");
            b.Property(x => x.OnlineChangedAt).HasColumnName("online_changed_at");
            b.Property(x => x.FillArmed).HasColumnName("fill_armed");
            b.Property(x => x.TemperatureAlarm).HasColumnName("temperature_alarm");
            b.Property(x => x.VocAlarm).HasColumnName("voc_alarm");
            b.Property(x => x.TemperatureMaxC).HasColumnName("temperature_max_c");
            b.Property(x => x.VocMaxPpm).HasColumnName("voc_max_ppm");
            b.Property(x => x.IsDemo).HasColumnName("is_demo");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.HasIndex(x => x.DeviceId).IsUnique().HasDatabaseName("ux_waste_cabinets_device_id");
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_cabinets_organisation_id");
            b.HasMany(x => x.Compartments).WithOne().HasForeignKey(c => c.CabinetId).HasConstraintName("fk_waste_cabinet_compartments_cabinet_id")
                .OnDelete(DeleteBehavior.Cascade);
        }
    }
}

/// <summary>A compartment of a cabinet with its capacity and the one compatibility group it accepts (null: any).</summary>
internal sealed class CabinetCompartment
{
    public Guid Id { get; set; }

    public Guid CabinetId { get; set; }

    public int Number { get; set; }

    public string Name { get; set; } = string.Empty;

    public int CapacityLitres { get; set; }

    public CompatibilityGroup? AllowedGroup { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<CabinetCompartment>
    {
        public const string Table = "waste_cabinet_compartments";

        public void Configure(EntityTypeBuilder<CabinetCompartment> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_cabinet_compartments");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.CabinetId).HasColumnName("cabinet_id");
            b.Property(x => x.Number).HasColumnName("number");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(50);
            b.Property(x => x.CapacityLitres).HasColumnName("capacity_litres");
            b.Property(x => x.AllowedGroup).HasColumnName("allowed_group").HasConversion<int?>();
            b.HasIndex(x => new { x.CabinetId, x.Number }).IsUnique().HasDatabaseName("ux_waste_cabinet_compartments_cabinet_id_number");
        }
    }
}
