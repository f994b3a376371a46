using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Features.Outputs;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Persistence;

internal sealed partial class CarbonDbContext(DbContextOptions<CarbonDbContext> options, ITenantScopeProvider scopeProvider) : DbContext(options)
{
    public const string Module = "carbon";
    public const string FactorLibrariesTable = "carbon_factor_library_versions";
    public const string ActivitiesTable = "carbon_activity_records";
    public const string InventoriesTable = "carbon_inventories";
    public const string InventorySitesTable = "carbon_inventory_sites";
    public const string InventoryLinesTable = "carbon_inventory_lines";
    public const string EnergyLinesTable = "carbon_inventory_energy_lines";
    public const string RecalculationsTable = "carbon_recalculations";
    public const string EvidenceTable = "carbon_evidence_files";

    public DbSet<FactorLibraryVersionRow> FactorLibraries => Set<FactorLibraryVersionRow>();

    public DbSet<ActivityRecord> Activities => Set<ActivityRecord>();

    public DbSet<Inventory> Inventories => Set<Inventory>();

    public DbSet<InventoryLine> InventoryLines => Set<InventoryLine>();

    public DbSet<InventoryEnergyLine> EnergyLines => Set<InventoryEnergyLine>();

    public DbSet<Recalculation> Recalculations => Set<Recalculation>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<PlatformSiteView> PlatformSites => Set<PlatformSiteView>();

    public DbSet<PlatformOrganisationView> PlatformOrganisations => Set<PlatformOrganisationView>();

    public DbSet<ProductionOutput> ProductionOutputs => Set<ProductionOutput>();

    internal bool ScopeSeesEverything => scopeProvider.Current.SeesEverything;

    internal OrganisationId ScopeOrganisationId => scopeProvider.Current.OrganisationId;

    internal JurisdictionId ScopeDistrictId => scopeProvider.Current.DistrictId;

    internal JurisdictionId ScopeTownId => scopeProvider.Current.TownId;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.ApplyPlatformConventions();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var postgres = Database.IsNpgsql();
        if (postgres)
        {
            modelBuilder.HasDefaultSchema(Module);
        }

        modelBuilder.Entity<FactorLibraryVersionRow>(b =>
        {
            b.ToTable(FactorLibrariesTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_factor_library_versions");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(FactorLibraryVersionRow.CodeMaxLength);
            b.Property(x => x.Version).HasColumnName("version");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(FactorLibraryVersionRow.NameMaxLength);
            b.Property(x => x.SourceDocument).HasColumnName("source_document").HasMaxLength(FactorLibraryVersionRow.SourceMaxLength);
            b.Property(x => x.ContentCsv).HasColumnName("content_csv");
            b.Property(x => x.ContentSha256).HasColumnName("content_sha256").HasMaxLength(64);
            b.Property(x => x.IsShipped).HasColumnName("is_shipped");
            b.Property(x => x.ChangeNote).HasColumnName("change_note").HasMaxLength(FactorLibraryVersionRow.SourceMaxLength);
            b.Property(x => x.PublishedAt).HasColumnName("published_at");
            b.Property(x => x.PublishedBy).HasColumnName("published_by").HasMaxLength(FactorLibraryVersionRow.NameMaxLength);
            b.HasIndex(x => new { x.Code, x.Version }).IsUnique().HasDatabaseName("ux_carbon_factor_library_versions_code_version");
        });

        modelBuilder.Entity<ActivityRecord>(b =>
        {
            b.ToTable(ActivitiesTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_activity_records");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Month).HasColumnName("month");
            b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(32);
            b.Property(x => x.ActivityCode).HasColumnName("activity_code").HasMaxLength(ActivityRecord.CodeMaxLength);
            b.Property(x => x.QuantityValue).HasColumnName("quantity_value");
            b.Property(x => x.QuantityUnit).HasColumnName("quantity_unit").HasMaxLength(ActivityRecord.UnitMaxLength);
            b.Property(x => x.Source).HasColumnName("source").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Note).HasColumnName("note").HasMaxLength(ActivityRecord.NoteMaxLength);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Property(x => x.SourceDeviceId).HasColumnName("source_device_id");
            b.Property(x => x.SourceMetric).HasColumnName("source_metric").HasMaxLength(ActivityRecord.SourceMetricMaxLength);
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.HasIndex(x => new { x.SiteId, x.Month }).HasDatabaseName("ix_carbon_activity_records_site_id_month");
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_carbon_activity_records_organisation_id");
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId
                || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<Inventory>(b =>
        {
            b.ToTable(InventoriesTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_inventories");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(Inventory.NameMaxLength);
            b.Property(x => x.PeriodFrom).HasColumnName("period_from");
            b.Property(x => x.PeriodTo).HasColumnName("period_to");
            b.Property(x => x.GridRegion).HasColumnName("grid_region").HasMaxLength(32);
            b.Property(x => x.GwpLibrary).HasColumnName("gwp_library").HasMaxLength(FactorLibraryVersionRow.CodeMaxLength);
            b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Scope1Tco2e).HasColumnName("scope1_tco2e");
            b.Property(x => x.Scope2LocationTco2e).HasColumnName("scope2_location_tco2e");
            b.Property(x => x.Scope2MarketTco2e).HasColumnName("scope2_market_tco2e");
            b.Property(x => x.EnergyTce).HasColumnName("energy_tce");
            b.Property(x => x.ResidualStandInUsed).HasColumnName("residual_stand_in_used");
            b.Property(x => x.Notes).HasColumnName("notes");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Property(x => x.CalculatedAt).HasColumnName("calculated_at");
            b.Property(x => x.SubmittedAt).HasColumnName("submitted_at");
            b.Property(x => x.ApprovedAt).HasColumnName("approved_at");
            b.Property(x => x.ApprovedBy).HasColumnName("approved_by").HasMaxLength(200);
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_carbon_inventories_organisation_id");
            b.HasMany(x => x.Sites).WithOne().HasForeignKey(s => s.InventoryId).HasConstraintName("fk_carbon_inventory_sites_inventory_id").OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId
                || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<InventorySite>(b =>
        {
            b.ToTable(InventorySitesTable);
            b.HasKey(x => new { x.InventoryId, x.SiteId }).HasName("pk_carbon_inventory_sites");
            b.Property(x => x.InventoryId).HasColumnName("inventory_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
        });

        modelBuilder.Entity<InventoryLine>(b =>
        {
            b.ToTable(InventoryLinesTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_inventory_lines");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.InventoryId).HasColumnName("inventory_id");
            b.Property(x => x.ActivityRecordId).HasColumnName("activity_record_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.Month).HasColumnName("month");
            b.Property(x => x.Scope).HasColumnName("scope").HasConversion<string>().HasMaxLength(32);
            b.Property(x => x.Category).HasColumnName("category").HasConversion<string>().HasMaxLength(32);
            b.Property(x => x.Gas).HasColumnName("gas").HasMaxLength(InventoryLine.GasMaxLength);
            b.Property(x => x.GasMassKg).HasColumnName("gas_mass_kg");
            b.Property(x => x.Gwp).HasColumnName("gwp");
            b.Property(x => x.Co2eKg).HasColumnName("co2e_kg");
            b.Property(x => x.FactorLibraryVersionId).HasColumnName("factor_library_version_id");
            b.Property(x => x.FactorCode).HasColumnName("factor_code").HasMaxLength(FactorLibraryVersionRow.CodeMaxLength);
            b.Property(x => x.FactorRegion).HasColumnName("factor_region").HasMaxLength(32);
            b.Property(x => x.FactorValidFrom).HasColumnName("factor_valid_from");
            b.Property(x => x.GwpLibraryVersionId).HasColumnName("gwp_library_version_id");
            b.HasIndex(x => x.InventoryId).HasDatabaseName("ix_carbon_inventory_lines_inventory_id");
            b.HasIndex(x => x.FactorLibraryVersionId).HasDatabaseName("ix_carbon_inventory_lines_factor_library_version_id");
            b.HasOne<Inventory>().WithMany().HasForeignKey(x => x.InventoryId).HasConstraintName("fk_carbon_inventory_lines_inventory_id").OnDelete(DeleteBehavior.Cascade);
            b.HasOne<FactorLibraryVersionRow>().WithMany().HasForeignKey(x => x.FactorLibraryVersionId).HasConstraintName("fk_carbon_inventory_lines_factor_library_version_id").OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<InventoryEnergyLine>(b =>
        {
            b.ToTable(EnergyLinesTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_inventory_energy_lines");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.InventoryId).HasColumnName("inventory_id");
            b.Property(x => x.ActivityRecordId).HasColumnName("activity_record_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.Month).HasColumnName("month");
            b.Property(x => x.Kgce).HasColumnName("kgce");
            b.Property(x => x.FactorLibraryVersionId).HasColumnName("factor_library_version_id");
            b.Property(x => x.FactorCode).HasColumnName("factor_code").HasMaxLength(FactorLibraryVersionRow.CodeMaxLength);
            b.HasIndex(x => x.InventoryId).HasDatabaseName("ix_carbon_inventory_energy_lines_inventory_id");
            b.HasOne<Inventory>().WithMany().HasForeignKey(x => x.InventoryId).HasConstraintName("fk_carbon_inventory_energy_lines_inventory_id").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Recalculation>(b =>
        {
            b.ToTable(RecalculationsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_recalculations");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.InventoryId).HasColumnName("inventory_id");
            b.Property(x => x.At).HasColumnName("at");
            b.Property(x => x.By).HasColumnName("by").HasMaxLength(200);
            b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(Recalculation.ReasonMaxLength);
            b.Property(x => x.PreviousScope1Tco2e).HasColumnName("previous_scope1_tco2e");
            b.Property(x => x.PreviousScope2LocationTco2e).HasColumnName("previous_scope2_location_tco2e");
            b.Property(x => x.PreviousScope2MarketTco2e).HasColumnName("previous_scope2_market_tco2e");
            b.Property(x => x.Scope1Tco2e).HasColumnName("scope1_tco2e");
            b.Property(x => x.Scope2LocationTco2e).HasColumnName("scope2_location_tco2e");
            b.Property(x => x.Scope2MarketTco2e).HasColumnName("scope2_market_tco2e");
            b.HasIndex(x => x.InventoryId).HasDatabaseName("ix_carbon_recalculations_inventory_id");
            b.HasOne<Inventory>().WithMany().HasForeignKey(x => x.InventoryId).HasConstraintName("fk_carbon_recalculations_inventory_id").OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EvidenceFile>(b =>
        {
            b.ToTable(EvidenceTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_evidence_files");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.ActivityRecordId).HasColumnName("activity_record_id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.FileName).HasColumnName("file_name").HasMaxLength(EvidenceFile.FileNameMaxLength);
            b.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(100);
            b.Property(x => x.SizeBytes).HasColumnName("size_bytes");
            b.Property(x => x.Sha256).HasColumnName("sha256").HasMaxLength(64);
            b.Property(x => x.Content).HasColumnName("content");
            b.Property(x => x.UploadedAt).HasColumnName("uploaded_at");
            b.Property(x => x.UploadedBy).HasColumnName("uploaded_by").HasMaxLength(200);
            b.HasIndex(x => x.ActivityRecordId).HasDatabaseName("ix_carbon_evidence_files_activity_record_id");
            b.HasOne<ActivityRecord>().WithMany().HasForeignKey(x => x.ActivityRecordId).HasConstraintName("fk_carbon_evidence_files_activity_record_id").OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId
                || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<ProductionOutput>(b =>
        {
            ProductionOutput.Configure(b);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId
                || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<PlatformOrganisationView>(b =>
        {
            b.ToTable("platform_organisations", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Name).HasColumnName("name");
            b.Property(x => x.CreditCode).HasColumnName("credit_code");
        });

        ConfigureCbamAndProducts(modelBuilder);

        modelBuilder.Entity<PlatformSiteView>(b =>
        {
            b.ToTable("platform_sites", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Name).HasColumnName("name");
        });
    }
}
