using System.Linq.Expressions;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.ServiceAgreements;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Persistence;

/// <summary>
/// The Waste module's tables (PostgreSQL schema <c>waste</c>, every table prefixed <c>waste_</c>). Entities and their
/// <see cref="IEntityTypeConfiguration{TEntity}"/> live with their feature and are picked up from the assembly; use
/// <c>db.Set&lt;T&gt;()</c>. Tenancy filters are applied here, once, from the interfaces the entities implement
/// (<see cref="ITenantRow"/>, <see cref="IGeneratorRow"/>, <see cref="IPartyRow"/>).
/// </summary>
internal sealed class WasteDbContext(DbContextOptions<WasteDbContext> options, ITenantScopeProvider scopeProvider, TimeProvider clock) : DbContext(options)
{
    public const string Module = "waste";

    internal bool ScopeSeesEverything => scopeProvider.Current.SeesEverything;

    internal OrganisationId ScopeOrganisationId => scopeProvider.Current.OrganisationId;

    internal JurisdictionId ScopeDistrictId => scopeProvider.Current.DistrictId;

    internal JurisdictionId ScopeTownId => scopeProvider.Current.TownId;

    /// <summary>Today in China Standard Time: service agreements are in force on calendar dates.</summary>
    internal DateOnly ScopeToday => WasteTime.Today(clock);

    public bool IsPostgres => Database.IsNpgsql();

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

        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WasteDbContext).Assembly);
        MapForeignViews(modelBuilder, postgres);

        modelBuilder.Entity<ServiceAgreement>().HasQueryFilter(a => ScopeSeesEverything
            || a.GeneratorId == ScopeOrganisationId || a.CollectorId == ScopeOrganisationId
            || a.DistrictId == ScopeDistrictId || a.TownId == ScopeTownId);
        ApplyTenancyFilters(modelBuilder);
    }

    private void ApplyTenancyFilters(ModelBuilder modelBuilder)
    {
        Expression<Func<ITenantRow, bool>> tenant = row => ScopeSeesEverything
            || row.OrganisationId == ScopeOrganisationId || row.DistrictId == ScopeDistrictId || row.TownId == ScopeTownId;

        Expression<Func<IGeneratorRow, bool>> generator = row => ScopeSeesEverything
            || row.OrganisationId == ScopeOrganisationId || row.DistrictId == ScopeDistrictId || row.TownId == ScopeTownId
            || Set<ServiceAgreement>().Any(a => a.GeneratorId == row.OrganisationId && a.CollectorId == ScopeOrganisationId
                                                && a.ValidFrom <= ScopeToday && (a.ValidTo == null || a.ValidTo >= ScopeToday));

        Expression<Func<IPartyRow, bool>> party = row => ScopeSeesEverything
            || row.OrganisationId == ScopeOrganisationId || row.DistrictId == ScopeDistrictId || row.TownId == ScopeTownId
            || row.CarrierId == ScopeOrganisationId || row.ReceiverId == ScopeOrganisationId
            || Set<ServiceAgreement>().Any(a => a.GeneratorId == row.OrganisationId && a.CollectorId == ScopeOrganisationId
                                                && a.ValidFrom <= ScopeToday && (a.ValidTo == null || a.ValidTo >= ScopeToday));

        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => e.BaseType is null && !e.IsOwned()).ToList())
        {
            var type = entityType.ClrType;
            var filter = typeof(IPartyRow).IsAssignableFrom(type) ? TenancyFilters.Retarget(party, type)
                : typeof(IGeneratorRow).IsAssignableFrom(type) ? TenancyFilters.Retarget(generator, type)
                : typeof(ITenantRow).IsAssignableFrom(type) ? TenancyFilters.Retarget(tenant, type)
                : null;
            if (filter is not null)
            {
                modelBuilder.Entity(type).HasQueryFilter(filter);
            }
        }
    }

    private static void MapForeignViews(ModelBuilder modelBuilder, bool postgres)
    {
        modelBuilder.Entity<PlatformSiteView>(b =>
        {
            b.ToTable("platform_sites", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Name).HasColumnName("name");
            b.Property(x => x.Address).HasColumnName("address");
            b.Property(x => x.Latitude).HasColumnName("latitude_deg");
            b.Property(x => x.Longitude).HasColumnName("longitude_deg");
        });

        modelBuilder.Entity<PlatformOrganisationView>(b =>
        {
            b.ToTable("platform_organisations", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Name).HasColumnName("name");
            b.Property(x => x.Type).HasColumnName("type").HasConversion<string>();
            b.Property(x => x.CreditCode).HasColumnName("credit_code");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.ContactName).HasColumnName("contact_name");
            b.Property(x => x.ContactPhone).HasColumnName("contact_phone");
        });

        // waste-logistics: drivers of a trip, and the division code that numbers manifests.
        modelBuilder.Entity<PlatformUserView>(b =>
        {
            b.ToTable("platform_users", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DisplayName).HasColumnName("display_name");
            b.Property(x => x.UserName).HasColumnName("user_name");
            b.Property(x => x.IsActive).HasColumnName("is_active");
            b.Property(x => x.IsDemo).HasColumnName("is_demo");
        });

        modelBuilder.Entity<PlatformUserRoleView>(b =>
        {
            b.ToTable("platform_user_roles", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => new { x.UserId, x.RoleId });
            b.Property(x => x.UserId).HasColumnName("user_id");
            b.Property(x => x.RoleId).HasColumnName("role_id");
        });

        modelBuilder.Entity<PlatformRoleView>(b =>
        {
            b.ToTable("platform_roles", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Name).HasColumnName("name");
        });

        modelBuilder.Entity<PlatformJurisdictionView>(b =>
        {
            b.ToTable("platform_jurisdictions", postgres ? "platform" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.Id);
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.Code).HasColumnName("code");
        });

        modelBuilder.Entity<TelemetryDeviceView>(b =>
        {
            b.ToTable("telemetry_devices", postgres ? "telemetry" : null, t => t.ExcludeFromMigrations());
            b.HasKey(x => x.DeviceId);
            b.Property(x => x.DeviceId).HasColumnName("device_id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.Name).HasColumnName("name");
            b.Property(x => x.Type).HasColumnName("type");
            b.Property(x => x.IsActive).HasColumnName("is_active");
        });
    }
}
