using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Persistence;

internal sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options, ITenantScopeProvider scopeProvider)
    : IdentityDbContext<PlatformUser, PlatformRole, Guid>(options)
{
    public const string Module = "platform";

    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Site> Sites => Set<Site>();

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<DeviceKey> DeviceKeys => Set<DeviceKey>();

    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();

    // Query filters read these per query, so one context instance always reflects the current actor's scope.
    internal bool ScopeSeesEverything => scopeProvider.Current.SeesEverything;

    internal OrganisationId ScopeOrganisationId => scopeProvider.Current.OrganisationId;

    internal JurisdictionId ScopeDistrictId => scopeProvider.Current.DistrictId;

    internal JurisdictionId ScopeTownId => scopeProvider.Current.TownId;

    /// <summary>Users are visible exactly when their organisation is (tenancy stays in the organisation filter).</summary>
    public IQueryable<PlatformUser> VisibleUsers => Users.Where(u => Organisations.Any(o => o.Id == u.OrganisationId));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        PersistenceConventions.Apply(configurationBuilder);
        configurationBuilder.Properties<OrganisationType>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<JurisdictionLevel>().HaveConversion<string>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        if (Database.IsNpgsql())
        {
            builder.HasDefaultSchema(Module);
        }

        builder.Entity<PlatformUser>(b =>
        {
            b.ToTable("platform_users");
            b.Property(u => u.DisplayName).HasMaxLength(PlatformUser.DisplayNameMaxLength);
            b.HasOne<Organisation>().WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<PlatformRole>().ToTable("platform_roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("platform_user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("platform_user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("platform_user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("platform_user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("platform_role_claims");

        builder.Entity<Jurisdiction>(b =>
        {
            b.ToTable("platform_jurisdictions");
            b.HasKey(j => j.Id);
            b.Property(j => j.Code).HasMaxLength(12);
            b.Property(j => j.Name).HasMaxLength(100);
            b.Property(j => j.NameEn).HasMaxLength(100);
            b.HasIndex(j => j.Code).IsUnique();
            b.HasOne<Jurisdiction>().WithMany().HasForeignKey(j => j.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Organisation>(b =>
        {
            b.ToTable("platform_organisations");
            b.HasKey(o => o.Id);
            b.Property(o => o.Name).HasMaxLength(Organisation.NameMaxLength);
            b.Property(o => o.CreditCode).HasMaxLength(18);
            b.Property(o => o.ContactName).HasMaxLength(Organisation.ContactNameMaxLength);
            b.Property(o => o.ContactPhone).HasMaxLength(Organisation.ContactPhoneMaxLength);
            b.HasIndex(o => o.CreditCode).IsUnique();
            b.HasIndex(o => o.DistrictId);
            b.HasIndex(o => o.Type);
            b.HasOne<Jurisdiction>().WithMany().HasForeignKey(o => o.TownId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Jurisdiction>().WithMany().HasForeignKey(o => o.SupervisedJurisdictionId).OnDelete(DeleteBehavior.Restrict);
            b.HasQueryFilter(o => ScopeSeesEverything || o.Id == ScopeOrganisationId || o.DistrictId == ScopeDistrictId || o.TownId == ScopeTownId);
        });

        builder.Entity<Site>(b =>
        {
            b.ToTable("platform_sites");
            b.HasKey(s => s.Id);
            b.Property(s => s.Name).HasMaxLength(Site.NameMaxLength);
            b.Property(s => s.Address).HasMaxLength(Site.AddressMaxLength);
            b.Property(s => s.IndustryClassCode).HasMaxLength(8);
            b.Ignore(s => s.Location);
            b.HasIndex(s => s.DistrictId);
            b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Jurisdiction>().WithMany().HasForeignKey(s => s.TownId).OnDelete(DeleteBehavior.Restrict);
            b.HasQueryFilter(s => ScopeSeesEverything || s.OrganisationId == ScopeOrganisationId || s.DistrictId == ScopeDistrictId || s.TownId == ScopeTownId);
        });

        builder.Entity<Device>(b =>
        {
            b.ToTable("platform_devices");
            b.HasKey(d => d.Id);
            b.Property(d => d.Name).HasMaxLength(Device.NameMaxLength);
            b.Property(d => d.Kind).HasMaxLength(Device.KindMaxLength);
            b.HasIndex(d => d.OrganisationId);
            b.HasOne<Site>().WithMany().HasForeignKey(d => d.SiteId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(d => d.Keys).WithOne().HasForeignKey(k => k.DeviceId).OnDelete(DeleteBehavior.Cascade);
            b.Navigation(d => d.Keys).HasField("_keys").UsePropertyAccessMode(PropertyAccessMode.Field);
            b.HasQueryFilter(d => Sites.Any(s => s.Id == d.SiteId));
        });

        builder.Entity<DeviceKey>(b =>
        {
            b.ToTable("platform_device_keys");
            b.HasKey(k => k.Id);
            // Keys are added through the Device aggregate; a client-set id must mean "new", not "modified".
            b.Property(k => k.Id).ValueGeneratedNever();
            b.Property(k => k.Prefix).HasMaxLength(DeviceKey.PrefixLength);
            b.Property(k => k.Hash).HasMaxLength(64);
            b.HasIndex(k => k.Prefix).IsUnique();
        });

        LedgerModel.Configure(builder);
        builder.Entity<LedgerEntry>().HasQueryFilter(e => ScopeSeesEverything || Organisations.Any(o => o.Id == e.OrganisationId));

        PersistenceConventions.ApplyNaming(builder);
    }
}
