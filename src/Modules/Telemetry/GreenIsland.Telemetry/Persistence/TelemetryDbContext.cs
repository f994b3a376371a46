using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Domain;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Telemetry.Persistence;

internal sealed class TelemetryDbContext(DbContextOptions<TelemetryDbContext> options, ITenantScopeProvider scopeProvider)
    : DbContext(options)
{
    public const string Module = "telemetry";
    public const string DevicesTable = "telemetry_devices";
    public const string ReadingsTable = "telemetry_readings";
    public const string RollupsTable = "telemetry_rollups";
    public const string OutboxTable = "telemetry_outbox";
    public const string RollupDeltasTable = "telemetry_rollup_deltas";

    public DbSet<TelemetryDevice> Devices => Set<TelemetryDevice>();

    public DbSet<ReadingRow> Readings => Set<ReadingRow>();

    public DbSet<RollupRow> Rollups => Set<RollupRow>();

    public DbSet<RollupDeltaRow> RollupDeltas => Set<RollupDeltaRow>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    internal bool ScopeSeesEverything => scopeProvider.Current.SeesEverything;

    internal OrganisationId ScopeOrganisationId => scopeProvider.Current.OrganisationId;

    internal JurisdictionId ScopeDistrictId => scopeProvider.Current.DistrictId;

    internal JurisdictionId ScopeTownId => scopeProvider.Current.TownId;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.ApplyPlatformConventions();
        configurationBuilder.Properties<DeviceType>().HaveConversion<string>().HaveMaxLength(32);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(Module);
        }

        modelBuilder.Entity<TelemetryDevice>(b =>
        {
            b.ToTable(DevicesTable);
            b.HasKey(d => d.DeviceId).HasName("pk_telemetry_devices");
            b.Property(d => d.DeviceId).HasColumnName("device_id");
            b.Property(d => d.OrganisationId).HasColumnName("organisation_id");
            b.Property(d => d.SiteId).HasColumnName("site_id");
            b.Property(d => d.DistrictId).HasColumnName("district_id");
            b.Property(d => d.TownId).HasColumnName("town_id");
            b.Property(d => d.Name).HasColumnName("name").HasMaxLength(TelemetryDevice.NameMaxLength);
            b.Property(d => d.Type).HasColumnName("type");
            b.Property(d => d.IntervalSeconds).HasColumnName("interval_seconds");
            b.Property(d => d.RegisterModulus).HasColumnName("register_modulus");
            b.Property(d => d.IsActive).HasColumnName("is_active");
            b.Property(d => d.IsDemo).HasColumnName("is_demo");
            b.Property(d => d.RegisteredAt).HasColumnName("registered_at");
            b.Property(d => d.Status).HasColumnName("status");
            b.Property(d => d.StatusChangedAt).HasColumnName("status_changed_at");
            b.Property(d => d.LastSeenAt).HasColumnName("last_seen_at");
            b.HasIndex(d => d.OrganisationId).HasDatabaseName("ix_telemetry_devices_organisation_id");
            b.HasIndex(d => d.SiteId).HasDatabaseName("ix_telemetry_devices_site_id");
            b.HasQueryFilter(d => ScopeSeesEverything || d.OrganisationId == ScopeOrganisationId
                || d.DistrictId == ScopeDistrictId || d.TownId == ScopeTownId);
        });

        modelBuilder.Entity<ReadingRow>(b =>
        {
            b.ToTable(ReadingsTable);
            b.HasKey(r => new { r.DeviceId, r.MetricId, r.Ts }).HasName("pk_telemetry_readings");
            b.Property(r => r.DeviceId).HasColumnName("device_id");
            b.Property(r => r.MetricId).HasColumnName("metric_id");
            b.Property(r => r.Ts).HasColumnName("ts");
            b.Property(r => r.Value).HasColumnName("value");
            b.Property(r => r.Seq).HasColumnName("seq");
            if (Database.IsSqlite())
            {
                // Compact key on SQLite (ADR 0012): device GUID bytes, microseconds since the epoch.
                b.Property(r => r.DeviceId).HasConversion<SqliteReadingKey.DeviceConverter>();
                b.Property(r => r.Ts).HasConversion<SqliteReadingKey.InstantConverter>();
            }
        });

        modelBuilder.Entity<RollupRow>(b =>
        {
            b.ToTable(RollupsTable);
            b.HasKey(r => new { r.DeviceId, r.MetricId, r.Grain, r.BucketStart }).HasName("pk_telemetry_rollups");
            b.Property(r => r.DeviceId).HasColumnName("device_id");
            b.Property(r => r.MetricId).HasColumnName("metric_id");
            b.Property(r => r.Grain).HasColumnName("grain").HasConversion<short>();
            b.Property(r => r.BucketStart).HasColumnName("bucket_start");
            b.Property(r => r.Count).HasColumnName("count");
            b.Property(r => r.Sum).HasColumnName("sum");
            b.Property(r => r.Min).HasColumnName("min");
            b.Property(r => r.Max).HasColumnName("max");
            b.Property(r => r.LastTs).HasColumnName("last_ts");
            b.Property(r => r.Last).HasColumnName("last");
        });

        modelBuilder.Entity<RollupDeltaRow>(b =>
        {
            b.ToTable(RollupDeltasTable);
            b.HasKey(d => d.Id).HasName("pk_telemetry_rollup_deltas");
            b.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(d => d.CreatedAt).HasColumnName("created_at");
            b.Property(d => d.Cells).HasColumnName("cells");
            b.Property(d => d.Payload).HasColumnName("payload");
        });

        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable(OutboxTable);
            b.HasKey(m => m.Id).HasName("pk_telemetry_outbox");
            b.Property(m => m.Id).HasColumnName("id");
            b.Property(m => m.OccurredAt).HasColumnName("occurred_at");
            b.Property(m => m.Type).HasColumnName("type").HasMaxLength(OutboxMessage.TypeMaxLength);
            b.Property(m => m.Payload).HasColumnName("payload");
            b.Property(m => m.Attempts).HasColumnName("attempts");
            b.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
            b.Property(m => m.DeliveredAt).HasColumnName("delivered_at");
            b.Property(m => m.LastError).HasColumnName("last_error");
            b.HasIndex(m => new { m.DeliveredAt, m.NextAttemptAt }).HasDatabaseName("ix_telemetry_outbox_delivered_at_next_attempt_at");
        });
    }
}
