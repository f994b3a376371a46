using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.SharedKernel.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Infrastructure;

public sealed record TestOrganisation(OrganisationId Id, string Name, string CreditCode, JurisdictionId TownId, SiteId SiteId);

public sealed record TestUser(Guid Id, string UserName, string Password, OrganisationId OrganisationId, string Role);

/// <summary>Arranges each test's own data directly in the database (as the system actor), fast and isolated.</summary>
public static class Arrange
{
    public const string Password = "Correct-Horse-42";

    public static string NewCreditCode(string prefix = "91")
    {
        const string alphabet = UnifiedSocialCreditCode.Alphabet;
        var chars = new char[17];
        prefix.CopyTo(0, chars, 0, 2);
        "320999".CopyTo(0, chars, 2, 6);
        for (var i = 8; i < 17; i++)
        {
            chars[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        }

        var first17 = new string(chars);
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    /// <summary>An organisation with one site; regulators supervise <paramref name="supervised"/> (default: the district).</summary>
    public static Task<TestOrganisation> OrganisationAsync(this GreenIslandAppFactory app, OrganisationType type, JurisdictionId? town = null,
        JurisdictionId? supervised = null) =>
        app.WithDbAsync(async db =>
        {
            var townEntity = await db.Jurisdictions.SingleAsync(j => j.Id == (town ?? app.District.TownA));
            Jurisdiction? supervisedEntity = null;
            if (type == OrganisationType.Regulator)
            {
                var target = supervised ?? app.District.DistrictId;
                supervisedEntity = await db.Jurisdictions.SingleAsync(j => j.Id == target);
            }

            var name = Unique($"测试{type}");
            var organisation = Organisation.Register(OrganisationId.New(), name, type, UnifiedSocialCreditCode.Parse(NewCreditCode()), townEntity, supervisedEntity,
                "测试联系人", "13800000000", isDemo: false, DateTime.UtcNow);
            db.Organisations.Add(organisation);
            GeoPoint.TryCreate(31.7, 120.0, out var location, out _, out _);
            var site = Site.Open(SiteId.New(), organisation.Id, name + "厂区", "测试路1号", townEntity, location, "3360", isDemo: false, DateTime.UtcNow);
            db.Sites.Add(site);
            await db.SaveChangesAsync();
            return new TestOrganisation(organisation.Id, name, organisation.CreditCode, townEntity.Id, site.Id);
        });

    public static Task<TestUser> UserAsync(this GreenIslandAppFactory app, OrganisationId organisation, string role, bool mustChangePassword = false) =>
        app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<PlatformUser>>();
            var user = new PlatformUser
            {
                Id = Guid.CreateVersion7(),
                UserName = Unique("u.").ToLower(CultureInfo.InvariantCulture),
                DisplayName = "测试用户 " + role,
                OrganisationId = organisation,
                IsActive = true,
                MustChangePassword = mustChangePassword,
                CreatedAt = DateTime.UtcNow,
            };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            return new TestUser(user.Id, user.UserName!, Password, organisation, role);
        });

    /// <summary>An organisation of the type the role belongs to, with a user in that role.</summary>
    public static async Task<(TestOrganisation Organisation, TestUser User)> MemberAsync(this GreenIslandAppFactory app, string role,
        JurisdictionId? town = null, JurisdictionId? supervised = null)
    {
        var type = PlatformRoles.OrganisationTypeOf(role)!.Value;
        var organisation = await app.OrganisationAsync(type, town, supervised);
        var user = await app.UserAsync(organisation.Id, role);
        return (organisation, user);
    }

    public static async Task<ApiClient> SignedInAsync(this GreenIslandAppFactory app, TestUser user)
    {
        var client = app.NewClient();
        await client.LoginOkAsync(user.UserName, user.Password);
        return client;
    }
}
