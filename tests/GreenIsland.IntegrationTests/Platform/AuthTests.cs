using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class AuthTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task Login_WithCorrectPassword_SetsHttpOnlyStrictCookieAndReturnsMe()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = App.NewClient();
        (await client.Http.GetAsync("/api/auth/antiforgery")).EnsureSuccessStatusCode();

        var response = await client.PostJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }).Expect(HttpStatusCode.OK);

        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("gi.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var me = await response.ReadAsync();
        Assert.Equal(user.UserName, (string?)me["userName"]);
        Assert.Equal(organisation.Id.Value.ToString(), (string?)me["organisationId"]);
        Assert.Equal("Enterprise", (string?)me["organisationType"]);
        Assert.Equal(PlatformRoles.EnterpriseAdmin, (string?)me["roles"]![0]);
        var again = await client.GetAsync("/api/auth/me").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(user.UserName, (string?)again["userName"]);
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401ProblemAndNoCookie()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseStaff);
        using var client = App.NewClient();

        var response = await client.LoginAsync(user.UserName, "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("gi.auth=", StringComparison.Ordinal)));
        await client.GetAsync("/api/auth/me").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_AfterFiveFailures_IsLockedOutEvenWithTheRightPassword_UntilUnlocked()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseStaff);
        using var client = App.NewClient();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.LoginAsync(user.UserName, "Wrong-Password-1")).StatusCode);
        }

        var fifth = await client.LoginAsync(user.UserName, "Wrong-Password-1");
        Assert.Equal(HttpStatusCode.Locked, fifth.StatusCode);
        var locked = await client.LoginAsync(user.UserName, user.Password);
        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var problem = await locked.ReadAsync();
        Assert.Equal("AccountLockedOut", (string?)problem["title"]);
        Assert.NotNull(problem["lockedOutUntil"]);

        var admin = await App.UserAsync(organisation.Id, PlatformRoles.EnterpriseAdmin);
        using var adminClient = await App.SignedInAsync(admin);
        await adminClient.SendAsync(HttpMethod.Post, $"/api/users/{user.Id}/unlock").Expect(HttpStatusCode.NoContent);
        await client.LoginAsync(user.UserName, user.Password).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_EndsTheCookieSession()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.Driver);
        using var client = await App.SignedInAsync(user);
        await client.GetAsync("/api/auth/me").Expect(HttpStatusCode.OK);

        await client.SendAsync(HttpMethod.Post, "/api/auth/logout").Expect(HttpStatusCode.NoContent);

        await client.GetAsync("/api/auth/me").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task UnsafeCookieRequest_WithoutAntiforgeryToken_Is400AndChangesNothing()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(user);
        client.Session.SendAntiforgeryHeader = false;

        var response = await client.PutJsonAsync($"/api/organisations/{organisation.Id}", new
        {
            name = "被篡改的名称", creditCode = organisation.CreditCode, townId = organisation.TownId.Value, contactName = "x", contactPhone = "1",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AntiforgeryTokenInvalid", (string?)(await response.ReadAsync())["title"]);
        var stored = await client.GetAsync($"/api/organisations/{organisation.Id}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(organisation.Name, (string?)stored["name"]);
    }

    [Fact]
    public async Task BearerToken_AuthenticatesWithoutCookiesAndAntiforgery_AndRefreshWorks()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var anonymous = App.NewClient();
        var token = await anonymous.PostJsonAsync("/api/auth/token", new { userName = user.UserName, password = user.Password }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Bearer", (string?)token["tokenType"]);

        using var api = App.NewClient();
        api.Session.SendAntiforgeryHeader = false;
        api.BearerToken = (string?)token["accessToken"];
        var me = await api.GetAsync("/api/auth/me").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(user.UserName, (string?)me["userName"]);
        await api.PutJsonAsync($"/api/organisations/{organisation.Id}", new
        {
            name = organisation.Name + "（更新）", creditCode = organisation.CreditCode, townId = organisation.TownId.Value,
        }).Expect(HttpStatusCode.OK);

        var refreshed = await anonymous.PostJsonAsync("/api/auth/refresh", new { refreshToken = (string?)token["refreshToken"] }).ExpectJson(HttpStatusCode.OK);
        api.BearerToken = (string?)refreshed["accessToken"];
        await api.GetAsync("/api/auth/me").Expect(HttpStatusCode.OK);

        api.BearerToken = "not-a-token";
        await api.GetAsync("/api/auth/me").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ChangePassword_EnforcesPolicy_KeepsThisSession_AndRevokesOtherTokens()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseStaff);
        using var anonymous = App.NewClient();
        var token = await anonymous.PostJsonAsync("/api/auth/token", new { userName = user.UserName, password = user.Password }).ExpectJson(HttpStatusCode.OK);
        using var browser = await App.SignedInAsync(user);

        var weak = await browser.PostJsonAsync("/api/auth/change-password", new { currentPassword = user.Password, newPassword = "short" })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(weak["errors"]!["newPassword"]);
        var wrong = await browser.PostJsonAsync("/api/auth/change-password", new { currentPassword = "Not-The-Password-9", newPassword = "Another-Good-Pass-7" })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(wrong["errors"]!["currentPassword"]);

        await browser.PostJsonAsync("/api/auth/change-password", new { currentPassword = user.Password, newPassword = "Another-Good-Pass-7" })
            .Expect(HttpStatusCode.NoContent);

        await browser.GetAsync("/api/auth/me").Expect(HttpStatusCode.OK);
        using var api = App.NewClient();
        api.BearerToken = (string?)token["accessToken"];
        await api.GetAsync("/api/auth/me").Expect(HttpStatusCode.Unauthorized);
        await anonymous.PostJsonAsync("/api/auth/refresh", new { refreshToken = (string?)token["refreshToken"] }).Expect(HttpStatusCode.Unauthorized);
        await App.NewClient().LoginAsync(user.UserName, "Another-Good-Pass-7").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DeactivatedUser_LosesAccessImmediately()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseStaff);
        var admin = await App.UserAsync(organisation.Id, PlatformRoles.EnterpriseAdmin);
        using var victim = await App.SignedInAsync(user);
        using var adminClient = await App.SignedInAsync(admin);

        await adminClient.PutJsonAsync($"/api/users/{user.Id}", new { displayName = "停用", roles = new[] { PlatformRoles.EnterpriseStaff }, isActive = false })
            .Expect(HttpStatusCode.OK);

        await victim.GetAsync("/api/auth/me").Expect(HttpStatusCode.Unauthorized);
        await App.NewClient().LoginAsync(user.UserName, user.Password).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeviceKey_AuthenticatesTheDevice_RotationAndRevocationTakeEffect()
    {
        var (organisation, admin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(admin);
        var device = await client.PostJsonAsync("/api/devices", new { siteId = organisation.SiteId.Value, name = "危废暂存柜 1号", kind = "StorageCabinet" })
            .ExpectJson(HttpStatusCode.Created);
        var deviceId = (string)device["id"]!;
        var issued = await client.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys").ExpectJson(HttpStatusCode.Created);
        var key = (string)issued["key"]!;
        var keyId = (string)issued["keyId"]!;
        Assert.StartsWith("gik_", key, StringComparison.Ordinal);
        var listed = await client.GetAsync($"/api/devices?siteId={organisation.SiteId}").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(key, listed.ToJsonString(), StringComparison.Ordinal);

        var self = await DeviceGetAsync(key, "/api/device/self").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(deviceId, (string?)self["deviceId"]);
        Assert.Equal(organisation.Id.Value.ToString(), (string?)self["organisationId"]);
        await DeviceGetAsync(key, "/api/auth/me").Expect(HttpStatusCode.Forbidden);
        await DeviceGetAsync(key[..^2] + "xx", "/api/device/self").Expect(HttpStatusCode.Unauthorized);

        var rotated = await client.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys/{keyId}/rotate").ExpectJson(HttpStatusCode.Created);
        var newKey = (string)rotated["key"]!;
        await DeviceGetAsync(key, "/api/device/self").Expect(HttpStatusCode.Unauthorized);
        await DeviceGetAsync(newKey, "/api/device/self").Expect(HttpStatusCode.OK);

        await client.SendAsync(HttpMethod.Delete, $"/api/devices/{deviceId}/keys/{(string)rotated["keyId"]!}").Expect(HttpStatusCode.NoContent);
        await DeviceGetAsync(newKey, "/api/device/self").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProtectedEndpoint_WithoutCredentials_Returns401ProblemDetails()
    {
        using var client = App.NewClient();
        var response = await client.GetAsync("/api/organisations");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<HttpResponseMessage> DeviceGetAsync(string key, string path)
    {
        var client = App.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Device-Key", key);
        return client.Http.SendAsync(request);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuthTestsOnSqlite(SqliteAppFactory factory) : AuthTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class AuthTestsOnPostgreSql(PostgresAppFactory factory) : AuthTests(factory);
