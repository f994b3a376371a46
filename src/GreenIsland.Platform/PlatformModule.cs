using GreenIsland.Platform.Calendar;
using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Devices;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Features.Auth;
using GreenIsland.Platform.Features.Dashboard;
using GreenIsland.Platform.Features.Devices;
using GreenIsland.Platform.Features.Ledger;
using GreenIsland.Platform.Features.Organisations;
using GreenIsland.Platform.Features.Reference;
using GreenIsland.Platform.Features.Sites;
using GreenIsland.Platform.Features.System;
using GreenIsland.Platform.Features.Users;
using GreenIsland.Platform.Identity;
using GreenIsland.Platform.Ledger;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Reference;
using GreenIsland.Platform.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GreenIsland.Platform;

/// <summary>Composition of the Platform module: organisations, sites, jurisdictions, identity, tenancy, devices and ledger.</summary>
public static class PlatformModule
{
    /// <summary>Registers the module's services (persistence, identity and authentication schemes, tenancy policies, ledger).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration (Database, ConnectionStrings, Identity, Demo sections).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPlatformModule(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = DatabaseSettings.From(configuration);
        settings.EnsureSqliteDirectory();
        services.AddSingleton(settings);
        services.AddSingleton<ModuleDbContextConfigurator>();
        services.AddSingleton<IModuleDbContextConfigurator>(sp => sp.GetRequiredService<ModuleDbContextConfigurator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<IWorkingCalendar>(_ => ChinaWorkingCalendar.LoadEmbedded());
        services.AddScoped<IJurisdictionDirectory, JurisdictionDirectory>();

        services.AddScoped<ActorContext>();
        services.AddScoped<IActorContext>(sp => sp.GetRequiredService<ActorContext>());
        services.AddScoped<ITenantScopeProvider>(sp => sp.GetRequiredService<ActorContext>());

        services.AddDbContext<PlatformDbContext>((sp, options) =>
            sp.GetRequiredService<ModuleDbContextConfigurator>().Configure(options, PlatformDbContext.Module));
        services.AddScoped<IModuleMigrator>(sp => new ModuleMigrator<PlatformDbContext>(sp.GetRequiredService<PlatformDbContext>(), PlatformDbContext.Module, order: 0));
        services.AddScoped<EfLedger>();
        services.AddScoped<ILedger>(sp => sp.GetRequiredService<EfLedger>());
        services.AddScoped<IDeviceRegistry, PlatformDeviceRegistry>();
        services.AddScoped<LedgerVerifier>();
        services.AddScoped<DatabaseInitialiser>();
        services.AddScoped<DemoSeeder>();
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));

        AddIdentity(services, configuration);
        services.AddHealthChecks().AddDbContextCheck<PlatformDbContext>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>Adds the platform's request pipeline steps: actor resolution (tenancy) and anti-forgery checks.
    /// Call after UseAuthentication and before UseAuthorization.</summary>
    /// <param name="app">The application builder.</param>
    /// <returns>The application builder.</returns>
    public static IApplicationBuilder UsePlatformModule(this IApplicationBuilder app)
    {
        app.UseMiddleware<ActorResolutionMiddleware>();
        app.UseMiddleware<AntiforgeryMiddleware>();
        return app;
    }

    /// <summary>Maps the module's endpoints under /api.</summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The endpoint route builder.</returns>
    public static IEndpointRouteBuilder MapPlatformModule(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGetSystemInfo();

        api.MapGetAntiforgeryToken().MapLogin().MapLogout().MapGetMe().MapIssueToken().MapRefreshToken().MapChangePassword();
        api.MapListJurisdictions().MapListIndustryClasses();
        api.MapListOrganisations().MapGetOrganisation().MapRegisterOrganisation().MapUpdateOrganisation();
        api.MapListSites().MapGetSite().MapOpenSite().MapUpdateSite();
        api.MapListUsers().MapCreateUser().MapUpdateUser().MapUnlockUser();
        api.MapListDevices().MapRegisterDevice().MapIssueDeviceKey().MapRotateDeviceKey().MapRevokeDeviceKey().MapGetDeviceSelf();
        api.MapGetDashboardOverview().MapGetSiteMap();
        api.MapVerifyLedger().MapListLedgerEntries();
        return endpoints;
    }

    private static void AddIdentity(IServiceCollection services, IConfiguration configuration)
    {
        var identity = configuration.GetSection("Identity");
        services.AddIdentityCore<PlatformUser>(o =>
            {
                o.Password.RequiredLength = identity.GetValue("Password:RequiredLength", 10);
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = identity.GetValue("Lockout:MaxFailedAccessAttempts", 5);
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(identity.GetValue("Lockout:Minutes", 15.0));
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<PlatformRole>()
            .AddEntityFrameworkStores<PlatformDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PlatformClaimsFactory>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Selector;
                o.DefaultChallengeScheme = AuthSchemes.Selector;
                o.DefaultForbidScheme = AuthSchemes.Selector;
            })
            .AddPolicyScheme(AuthSchemes.Selector, "Cookie, bearer token or device key", o => o.ForwardDefaultSelector = AuthSchemes.Select)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(identity.GetValue("Cookie:Hours", 8.0));
                o.SlidingExpiration = true;
                // An API answers 401/403 (ProblemDetails are added by the status-code pages), never a redirect.
                o.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(identity.GetValue("Bearer:Minutes", 60.0));
                o.RefreshTokenExpiration = TimeSpan.FromDays(identity.GetValue("Bearer:RefreshDays", 14.0));
            })
            .AddScheme<AuthenticationSchemeOptions, DeviceKeyAuthenticationHandler>(AuthSchemes.DeviceKey, displayName: "Device API key", null);

        services.AddAuthorizationBuilder()
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.SignedIn), p => p.RequireClaim(PlatformClaims.Kind, PlatformClaims.UserKind))
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.OrganisationScoped), p => p.RequireClaim(PlatformClaims.Kind, PlatformClaims.UserKind))
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.OrganisationAdministration), p => p
                .RequireClaim(PlatformClaims.Kind, PlatformClaims.UserKind)
                .RequireRole([PlatformRoles.PlatformAdmin, .. PlatformRoles.OrganisationAdministrators]))
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.Supervision), p => p
                .RequireClaim(PlatformClaims.Kind, PlatformClaims.UserKind)
                .RequireRole(PlatformRoles.PlatformAdmin, PlatformRoles.Regulator))
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.OperatorOnly), p => p
                .RequireClaim(PlatformClaims.Kind, PlatformClaims.UserKind)
                .RequireRole(PlatformRoles.PlatformAdmin))
            .AddPolicy(TenancyEndpointExtensions.PolicyName(TenancyRule.DeviceSelf), p => p.RequireClaim(PlatformClaims.Kind, PlatformClaims.DeviceKind));

        var keyCacheSeconds = configuration.GetValue(DeviceKeyCache.LifetimeKey, DeviceKeyCache.DefaultLifetimeSeconds);
        services.AddSingleton(sp => new DeviceKeyCache(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(Math.Max(0, keyCacheSeconds))));

        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryMiddleware.HeaderName;
            o.Cookie.Name = "gi.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        });
    }
}
