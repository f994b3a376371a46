using System.Net;
using System.Text.RegularExpressions;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Platform;

/// <summary>
/// Enumerates every endpoint of the running application and checks it against every role, with an actor in
/// organisation A and the target objects in organisation B (another town). Endpoints without a tenancy rule fail;
/// endpoints this matrix does not know how to call fail too, so a new endpoint cannot slip past tenancy review.
/// </summary>
public abstract partial class TenancyTests(GreenIslandAppFactory factory)
{
    private static readonly string[] KnownIdRoutes = ["/api/organisations/{id}", "/api/sites/{id}", "/api/users/{id}", "/api/devices/{id}", "/api/carbon/inventories/{id}", "/api/carbon/activities/{id}"];

    private static readonly HashSet<string> SelfOnly = new(StringComparer.Ordinal)
    {
        // Change the caller's own credentials; no other organisation's object can be named.
        "POST /api/auth/change-password",
    };

    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public void EveryEndpoint_DeclaresATenancyRuleOrAReasonForAnonymousAccess()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        var missing = TenancyEndpointExtensions.FindEndpointsWithoutTenancy(endpoints);

        Assert.True(endpoints.Count > 20, "The endpoint data source looks empty.");
        Assert.Empty(missing);
        Assert.All(endpoints.Select(e => e.Metadata.GetMetadata<AnonymousAccessMetadata>()).OfType<AnonymousAccessMetadata>(),
            a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
    }

    [Fact]
    public async Task EveryEndpoint_HidesAndProtectsOrganisationBFromEveryRoleOfOrganisationA()
    {
        var world = await World.CreateAsync(App);
        var endpoints = ApiEndpoints();
        var failures = new List<string>();

        using var anonymous = App.NewClient();
        foreach (var endpoint in endpoints.Where(e => e.Rule is not null))
        {
            var response = await SendAsync(anonymous, endpoint, world.B, world);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"anonymous {endpoint}: expected 401, got {(int)response.StatusCode}");
            }
        }

        foreach (var role in PlatformRoles.All)
        {
            using var client = await App.SignedInAsync(world.Users[role]);
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Anonymous || SelfOnly.Contains(endpoint.Key) || (role == PlatformRoles.PlatformAdmin && endpoint.Method != "GET"))
                {
                    continue;
                }

                var response = await SendAsync(client, endpoint, world.B, world);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    failures.Add($"{role} {endpoint}: server error {status}: {body}");
                }
                else if (role == PlatformRoles.PlatformAdmin)
                {
                    if (endpoint.TargetsObject && endpoint.BindsOrganisationB && status != 200)
                    {
                        failures.Add($"{role} {endpoint}: the operator must see organisation B's object, got {status}: {body}");
                    }
                }
                else if (endpoint.TargetsObject && status is >= 200 and < 300)
                {
                    failures.Add($"{role} {endpoint}: reached organisation B's object ({status}): {body}");
                }
                else if (status is >= 200 and < 300 && world.B.Secrets.FirstOrDefault(s => body.Contains(s, StringComparison.OrdinalIgnoreCase)) is { } leaked)
                {
                    failures.Add($"{role} {endpoint}: response reveals organisation B ({leaked})");
                }
            }

            // Positive control: the same requests reach the caller's own organisation where the rule allows reading.
            var own = world.Own[role];
            foreach (var path in new[] { $"/api/organisations/{own.Id}", $"/api/sites/{own.SiteId}" })
            {
                var response = await client.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{role} GET {path} (own organisation): expected 200, got {(int)response.StatusCode}");
                }
            }
        }

        // The operator's lists do contain B, so the absence checks above were meaningful.
        using (var admin = await App.SignedInAsync(world.Users[PlatformRoles.PlatformAdmin]))
        {
            foreach (var path in new[] { $"/api/organisations?q={world.B.Name}", $"/api/sites?q={world.B.Name}", $"/api/users?organisationId={world.B.Id}", $"/api/devices?siteId={world.B.SiteId}" })
            {
                var body = await admin.GetAsync(path).Expect(HttpStatusCode.OK);
                var text = await body.Content.ReadAsStringAsync();
                if (!world.B.Secrets.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)))
                {
                    failures.Add($"control: operator GET {path} does not show organisation B: {text}");
                }
            }
        }

        // Nothing about B changed.
        var after = await App.WithDbAsync(async db => new
        {
            Name = await db.Organisations.IgnoreQueryFilters().Where(o => o.Id == world.B.Id).Select(o => o.Name).SingleAsync(),
            SiteName = await db.Sites.IgnoreQueryFilters().Where(s => s.Id == world.B.SiteId).Select(s => s.Name).SingleAsync(),
            UserActive = await db.Users.Where(u => u.Id == world.B.UserId).Select(u => u.IsActive).SingleAsync(),
            ActiveKeys = await db.DeviceKeys.CountAsync(k => k.DeviceId == new GreenIsland.Platform.Contracts.Identifiers.DeviceId(world.B.DeviceId) && k.RevokedAt == null),
            Users = await db.Users.CountAsync(u => u.OrganisationId == world.B.Id),
            Sites = await db.Sites.IgnoreQueryFilters().CountAsync(s => s.OrganisationId == world.B.Id),
            Devices = await db.Devices.IgnoreQueryFilters().CountAsync(d => d.OrganisationId == world.B.Id),
        });
        Assert.Equal(new { Name = world.B.Name, SiteName = world.B.Name + "厂区", UserActive = true, ActiveKeys = 1, Users = 1, Sites = 1, Devices = 1 }, after);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private List<ApiEndpoint> ApiEndpoints()
    {
        var result = new List<ApiEndpoint>();
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.Contains("{**", StringComparison.Ordinal) || pattern.Contains("{*", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                result.Add(new ApiEndpoint(method, RouteParameter().Replace(pattern, m => "{" + m.Groups[1].Value + "}"),
                    endpoint.Metadata.GetMetadata<TenancyRuleMetadata>()?.Rule, endpoint.Metadata.GetMetadata<AnonymousAccessMetadata>() is not null));
            }
        }

        return result;
    }

    private static Task<HttpResponseMessage> SendAsync(ApiClient client, ApiEndpoint endpoint, Target b, World world)
    {
        var path = endpoint.Pattern
            .Replace("/api/organisations/{id}", $"/api/organisations/{b.Id}", StringComparison.Ordinal)
            .Replace("/api/sites/{id}", $"/api/sites/{b.SiteId}", StringComparison.Ordinal)
            .Replace("/api/users/{id}", $"/api/users/{b.UserId}", StringComparison.Ordinal)
            .Replace("/api/devices/{id}", $"/api/devices/{b.DeviceId}", StringComparison.Ordinal)
            .Replace("{keyId}", b.KeyId.ToString(), StringComparison.Ordinal)
            .Replace("{deviceId}", b.DeviceId.ToString(), StringComparison.Ordinal);
        path = GreenIsland.IntegrationTests.Carbon.CarbonTenancyMatrix.Route(path, world.Carbon);
        // Parameters this matrix cannot bind to one of organisation B's objects (other modules' own aggregates) get an
        // unknown id: every role must still be refused or answered 404, never 2xx or 5xx. Module authors bind them
        // here to objects of organisation B to make the check stronger.
        path = RouteParameter().Replace(path, _ => Guid.NewGuid().ToString());

        if (endpoint.Method == "GET")
        {
            var query = endpoint.Pattern switch
            {
                "/api/organisations" or "/api/sites" => $"?q={Uri.EscapeDataString(b.Name)}&pageSize=500",
                "/api/users" => $"?organisationId={b.Id}&pageSize=500",
                "/api/devices" => $"?siteId={b.SiteId}",
                "/api/ledger/entries" => $"?stream=organisation/{b.Id}",
                "/api/telemetry/rollups" => $"?deviceId={b.DeviceId}",
                "/api/telemetry/devices/{deviceId}/series" => "?metric=weight&from=2026-11-20T00:00:00%2B08:00&to=2026-11-21T00:00:00%2B08:00",
                _ => string.Empty,
            };
            return client.GetAsync(path + query);
        }

        object? body = endpoint.Key switch
        {
            "POST /api/auth/login" or "POST /api/auth/token" => new { userName = world.Users[PlatformRoles.EnterpriseStaff].UserName, password = "wrong-password" },
            "POST /api/auth/refresh" => new { refreshToken = "invalid" },
            "POST /api/auth/change-password" => new { currentPassword = "not-it", newPassword = "Not-Applied-123" },
            "POST /api/organisations" => new { name = "越权创建有限公司", type = "Enterprise", creditCode = Arrange.NewCreditCode(), townId = world.TownB },
            "PUT /api/organisations/{id}" => new { name = "越权修改", creditCode = b.CreditCode, townId = world.TownB },
            "POST /api/sites" => new { organisationId = b.Id.Value, name = "越权厂区", address = "某路", townId = world.TownB, latitude = 31.7, longitude = 120.0, industryClassCode = "3360" },
            "PUT /api/sites/{id}" => new { name = "越权修改", address = "某路", townId = world.TownB, latitude = 31.7, longitude = 120.0, industryClassCode = "3360" },
            "POST /api/users" => new { userName = Arrange.Unique("x."), displayName = "越权", organisationId = b.Id.Value, roles = new[] { PlatformRoles.EnterpriseStaff }, password = Arrange.Password },
            "PUT /api/users/{id}" => new { displayName = "越权", roles = new[] { PlatformRoles.EnterpriseStaff }, isActive = false },
            "POST /api/devices" => new { siteId = b.SiteId.Value, name = "越权设备", kind = "StorageCabinet" },
            "PUT /api/telemetry/devices/{deviceId}" => new { type = "StorageCabinet", intervalSeconds = 300, isActive = true },
            "POST /api/telemetry/readings" => new { readings = new[] { new { deviceId = b.DeviceId, metric = "weight", ts = "2026-11-21T06:00:00Z", value = 1.0 } } },
            "POST /api/users/{id}/unlock" or "POST /api/devices/{id}/keys" or "POST /api/devices/{id}/keys/{keyId}/rotate" or "DELETE /api/devices/{id}/keys/{keyId}"
                or "POST /api/auth/logout" => null,
            // Organisation B (an enterprise) named as the receiver, B's device as a container: past the key, to the checks.
            "POST /api/waste/warehouse/shipments" => new { receiverId = b.Id.Value, vehicleId = Guid.NewGuid(), containerIds = new[] { b.DeviceId } },
            _ when GreenIsland.IntegrationTests.Carbon.CarbonTenancyMatrix.TryBody(endpoint.Key, world.Carbon, out var carbonBody) => carbonBody,
            // Unknown bodies: an empty object. Roles the rule refuses get 403 before binding; others get validation errors.
            _ => new { },
        };
        if (endpoint.Key == "POST /api/waste/warehouse/shipments")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            return client.Http.SendAsync(request);
        }

        return client.SendAsync(new HttpMethod(endpoint.Method), path, body);
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private sealed record ApiEndpoint(string Method, string Pattern, TenancyRule? Rule, bool Anonymous)
    {
        public string Key => $"{Method} {Pattern}";

        /// <summary>Names an object of organisation B in the route or body (as opposed to listing what the caller may see).</summary>
        public bool TargetsObject => Pattern.Contains('{', StringComparison.Ordinal) || (Method != "GET" && Pattern is "/api/sites" or "/api/users" or "/api/devices");

        /// <summary>Whether every route parameter names one of organisation B's objects (see SendAsync).</summary>
        public bool BindsOrganisationB => !RouteParameter().Matches(Pattern).Any(m =>
            !(m.Value == "{keyId}" || m.Value == "{deviceId}" || (m.Value == "{id}" && KnownIdRoutes.Any(r => Pattern.StartsWith(r, StringComparison.Ordinal)))));

        public override string ToString() => $"{Key} [{(Anonymous ? "anonymous" : Rule?.ToString())}]";
    }

    private sealed record Target(GreenIsland.Platform.Contracts.Identifiers.OrganisationId Id, string Name, string CreditCode,
        GreenIsland.Platform.Contracts.Identifiers.SiteId SiteId, Guid UserId, Guid DeviceId, Guid KeyId)
    {
        public IReadOnlyList<string> Secrets => [Id.Value.ToString(), SiteId.Value.ToString(), UserId.ToString(), DeviceId.ToString(), Name, CreditCode];
    }

    private sealed record World(Target B, Guid TownB, IReadOnlyDictionary<string, TestUser> Users, IReadOnlyDictionary<string, TestOrganisation> Own,
        GreenIsland.IntegrationTests.Carbon.CarbonTenancyTargets Carbon)
    {
        public static async Task<World> CreateAsync(GreenIslandAppFactory app)
        {
            var users = new Dictionary<string, TestUser>(StringComparer.Ordinal);
            var own = new Dictionary<string, TestOrganisation>(StringComparer.Ordinal);
            foreach (var role in PlatformRoles.All)
            {
                // Organisation A of each role lies in town A; the regulator supervises town A only.
                var (organisation, user) = await app.MemberAsync(role, app.District.TownA, supervised: app.District.TownA);
                users[role] = user;
                own[role] = organisation;
            }

            var b = await app.OrganisationAsync(OrganisationType.Enterprise, app.District.TownB);
            var bUser = await app.UserAsync(b.Id, PlatformRoles.EnterpriseAdmin);
            using var bClient = await app.SignedInAsync(bUser);
            var device = await bClient.PostJsonAsync("/api/devices", new { siteId = b.SiteId.Value, name = "乙厂暂存柜", kind = "StorageCabinet" }).ExpectJson(HttpStatusCode.Created);
            var deviceId = Guid.Parse((string)device["id"]!);
            var key = await bClient.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys").ExpectJson(HttpStatusCode.Created);
            await bClient.PutJsonAsync($"/api/telemetry/devices/{deviceId}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true }).Expect(HttpStatusCode.OK);
            var target = new Target(b.Id, b.Name, b.CreditCode, b.SiteId, bUser.Id, deviceId, Guid.Parse((string)key["keyId"]!));
            var carbon = await GreenIsland.IntegrationTests.Carbon.CarbonTenancyMatrix.CreateAsync(bClient, b.SiteId.Value);
            return new World(target, app.District.TownB.Value, users, own, carbon);
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TenancyTestsOnSqlite(SqliteAppFactory factory) : TenancyTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class TenancyTestsOnPostgreSql(PostgresAppFactory factory) : TenancyTests(factory);
