using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>The Telemetry HTTP API through the real host: device keys, tenancy, validation, queries, schema.</summary>
public abstract class TelemetryApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private sealed record Enterprise(TestOrganisation Organisation, ApiClient Admin, string GatewayKey, string GatewayKeyId, Guid GatewayId, Guid CabinetId, Guid MeterId);

    private Task<Enterprise> EnterpriseWithDevicesAsync() => EnterpriseWithDevicesAsync(App);

    private static async Task<Enterprise> EnterpriseWithDevicesAsync(GreenIslandAppFactory app)
    {
        var (organisation, admin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var client = await app.SignedInAsync(admin);
        async Task<Guid> DeviceAsync(string name, string kind) =>
            Guid.Parse((string)(await client.PostJsonAsync("/api/devices", new { siteId = organisation.SiteId.Value, name, kind }).ExpectJson(HttpStatusCode.Created))["id"]!);

        var gateway = await DeviceAsync("网关", "Gateway");
        var cabinet = await DeviceAsync("危废暂存柜 1号", "StorageCabinet");
        var meter = await DeviceAsync("电表", "electricity_meter");
        var issued = await client.SendAsync(HttpMethod.Post, $"/api/devices/{gateway}/keys").ExpectJson(HttpStatusCode.Created);
        return new Enterprise(organisation, client, (string)issued["key"]!, (string)issued["keyId"]!, gateway, cabinet, meter);
    }

    private Task<HttpResponseMessage> IngestAsync(string key, object body) => IngestAsync(App, key, body);

    private static Task<HttpResponseMessage> IngestAsync(GreenIslandAppFactory app, string key, object body)
    {
        var client = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("X-Device-Key", key);
        return client.Http.SendAsync(request);
    }

    private static object Reading(Guid device, string metric, DateTime ts, double value, string? unit = null) =>
        new { deviceId = device, metric, ts, value, unit };

    private static DateTime Now => DateTime.UtcNow;

    [Fact]
    public async Task Ingest_ThroughGatewayKey_IsStoredAndVisibleInSeriesRollupsAndDeviceList()
    {
        var e = await EnterpriseWithDevicesAsync();
        var t0 = new DateTime(Now.Ticks - (Now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(-30);
        var readings = Enumerable.Range(0, 10).Select(i => Reading(e.CabinetId, "fill_ratio", t0.AddMinutes(i), i / 10.0, "1"))
            .Append(Reading(e.MeterId, "energy_import", t0, 1_000))
            .Append(Reading(e.MeterId, "energy_import", t0.AddMinutes(15), 1_012.5))
            .ToList();

        var first = await IngestAsync(e.GatewayKey, new { readings }).ExpectJson(HttpStatusCode.OK);
        var again = await IngestAsync(e.GatewayKey, new { readings }).ExpectJson(HttpStatusCode.OK);

        Assert.Equal((12, 0), ((int)first["accepted"]!, (int)first["duplicates"]!));
        Assert.Equal((0, 12), ((int)again["accepted"]!, (int)again["duplicates"]!));
        Assert.Empty(first["rejected"]!.AsArray());

        var series = await e.Admin.GetAsync($"/api/telemetry/devices/{e.CabinetId}/series?metric=fill_ratio&from={t0.AddHours(-1):O}&to={Now.AddMinutes(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i / 10.0), series["points"]!.AsArray().Select(p => (double)p!["value"]!));

        var energy = await e.Admin.GetAsync($"/api/telemetry/rollups?metric=energy_import&grain=day&deviceId={e.MeterId}&from={t0.AddDays(-2):O}&to={Now.AddDays(2):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal(12.5, energy["buckets"]!.AsArray().Sum(b => (double)b!["sum"]!), 6);
        Assert.True((bool)energy["cumulative"]!);

        var devices = await e.Admin.GetAsync($"/api/telemetry/devices?siteId={e.Organisation.SiteId}").ExpectJson(HttpStatusCode.OK);
        var cabinet = devices.AsArray().Single(d => (string)d!["deviceId"]! == e.CabinetId.ToString());
        Assert.Equal("storage_cabinet", (string)cabinet!["type"]!);
        Assert.NotNull(cabinet["lastSeenAt"]);
        var gateway = devices.AsArray().Single(d => (string)d!["deviceId"]! == e.GatewayId.ToString());
        Assert.NotNull(gateway!["lastSeenAt"]); // the sender is heard from even though it reports for others
        var detail = await e.Admin.GetAsync($"/api/telemetry/devices/{e.CabinetId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0.9, (double)detail["latest"]!.AsArray().Single(l => (string)l!["metric"]! == "fill_ratio")!["value"]!);
    }

    [Fact]
    public async Task Ingest_WithRevokedKey_IsUnauthorizedAndStoresNothing()
    {
        var e = await EnterpriseWithDevicesAsync();
        await e.Admin.SendAsync(HttpMethod.Delete, $"/api/devices/{e.GatewayId}/keys/{e.GatewayKeyId}").Expect(HttpStatusCode.NoContent);

        await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", Now.AddMinutes(-1), 12) } }).Expect(HttpStatusCode.Unauthorized);

        var series = await e.Admin.GetAsync($"/api/telemetry/devices/{e.CabinetId}/series?metric=weight&from={Now.AddHours(-1):O}&to={Now.AddHours(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Empty(series["points"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_KeyRevokedOrRotatedAfterUse_IsRefusedOnTheVeryNextRequest()
    {
        // The key is used first, so the host has verified (and cached) it before the revocation.
        var e = await EnterpriseWithDevicesAsync();
        var t0 = Now.AddMinutes(-10);
        var first = await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0, 12) } }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(1, (int)first["accepted"]!);

        var rotated = await e.Admin.SendAsync(HttpMethod.Post, $"/api/devices/{e.GatewayId}/keys/{e.GatewayKeyId}/rotate").ExpectJson(HttpStatusCode.Created);
        var newKey = (string)rotated["key"]!;
        await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0.AddMinutes(1), 13) } }).Expect(HttpStatusCode.Unauthorized);
        var second = await IngestAsync(newKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0.AddMinutes(2), 14) } }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(1, (int)second["accepted"]!);

        await e.Admin.SendAsync(HttpMethod.Delete, $"/api/devices/{e.GatewayId}/keys/{(string)rotated["keyId"]!}").Expect(HttpStatusCode.NoContent);
        await IngestAsync(newKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0.AddMinutes(3), 15) } }).Expect(HttpStatusCode.Unauthorized);

        var series = await e.Admin.GetAsync($"/api/telemetry/devices/{e.CabinetId}/series?metric=weight&from={t0.AddMinutes(-1):O}&to={Now.AddHours(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal([12.0, 14.0], series["points"]!.AsArray().Select(p => (double)p!["value"]!));
    }

    [Fact]
    public async Task Ingest_WrongKeyWithTheValidKeysPrefix_IsRefusedEvenRightAfterTheValidKeyWasUsed()
    {
        var e = await EnterpriseWithDevicesAsync();
        await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", Now.AddMinutes(-2), 12) } }).Expect(HttpStatusCode.OK);

        var forged = e.GatewayKey[..^2] + (e.GatewayKey.EndsWith("xx", StringComparison.Ordinal) ? "yy" : "xx");
        await IngestAsync(forged, new { readings = new[] { Reading(e.CabinetId, "weight", Now.AddMinutes(-1), 13) } }).Expect(HttpStatusCode.Unauthorized);
        await IngestAsync(e.GatewayKey + "x", new { readings = new[] { Reading(e.CabinetId, "weight", Now.AddMinutes(-1), 13) } }).Expect(HttpStatusCode.Unauthorized);
        await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", Now.AddMinutes(-1), 13) } }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ingest_AfterTheDeviceOrItsGatewayIsDeactivated_IsRefusedOnTheNextRequest()
    {
        var e = await EnterpriseWithDevicesAsync();
        var t0 = Now.AddMinutes(-10);
        await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0, 12), Reading(e.MeterId, "energy_import", t0, 100) } })
            .Expect(HttpStatusCode.OK);

        await e.Admin.PutJsonAsync($"/api/telemetry/devices/{e.CabinetId}", new { isActive = false }).Expect(HttpStatusCode.OK);
        var cabinetOff = await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "weight", t0.AddMinutes(1), 13) } })
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0, (int)cabinetOff["accepted"]!);
        Assert.Equal("device_inactive", (string)cabinetOff["rejected"]![0]!["reason"]!);

        await e.Admin.PutJsonAsync($"/api/telemetry/devices/{e.GatewayId}", new { isActive = false }).Expect(HttpStatusCode.OK);
        var gatewayOff = await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.MeterId, "energy_import", t0.AddMinutes(1), 101) } })
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0, (int)gatewayOff["accepted"]!);
        Assert.Equal("device_not_permitted", (string)gatewayOff["rejected"]![0]!["reason"]!);
    }

    [Fact]
    public async Task Ingest_ForADeviceOfAnotherOrganisation_IsRejectedAndThatDeviceGetsNoReadings()
    {
        var a = await EnterpriseWithDevicesAsync();
        var b = await EnterpriseWithDevicesAsync();
        var ts = Now.AddMinutes(-2);

        var outcome = await IngestAsync(a.GatewayKey, new { readings = new[] { Reading(a.CabinetId, "weight", ts, 5), Reading(b.CabinetId, "weight", ts, 5) } })
            .ExpectJson(HttpStatusCode.OK);

        Assert.Equal(1, (int)outcome["accepted"]!);
        var rejected = Assert.Single(outcome["rejected"]!.AsArray());
        Assert.Equal((1, "unknown_device"), ((int)rejected!["index"]!, (string)rejected["reason"]!));
        var series = await b.Admin.GetAsync($"/api/telemetry/devices/{b.CabinetId}/series?metric=weight&from={ts.AddHours(-1):O}&to={ts.AddHours(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Empty(series["points"]!.AsArray());
    }

    [Fact]
    public async Task Queries_AreScopedToTheCallersOrganisationOrJurisdiction()
    {
        var a = await EnterpriseWithDevicesAsync();
        var b = await EnterpriseWithDevicesAsync();
        await IngestAsync(a.GatewayKey, new { readings = new[] { Reading(a.CabinetId, "weight", Now.AddMinutes(-1), 7) } }).Expect(HttpStatusCode.OK);
        var (_, regulator) = await App.MemberAsync(PlatformRoles.Regulator);
        using var regulatorClient = await App.SignedInAsync(regulator);
        var range = $"from={Now.AddDays(-1):O}&to={Now.AddDays(1):O}";

        await b.Admin.GetAsync($"/api/telemetry/devices/{a.CabinetId}").Expect(HttpStatusCode.NotFound);
        await b.Admin.GetAsync($"/api/telemetry/devices/{a.CabinetId}/series?metric=weight&{range}").Expect(HttpStatusCode.NotFound);
        var foreign = await b.Admin.GetAsync($"/api/telemetry/rollups?metric=weight&grain=hour&organisationId={a.Organisation.Id}&{range}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0, (int)foreign["devices"]!);
        Assert.Empty(foreign["buckets"]!.AsArray());
        var listed = await b.Admin.GetAsync("/api/telemetry/devices").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(listed.AsArray(), d => (string)d!["organisationId"]! == a.Organisation.Id.ToString());

        var supervised = await regulatorClient.GetAsync($"/api/telemetry/rollups?metric=weight&grain=hour&organisationId={a.Organisation.Id}&{range}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal(7, supervised["buckets"]!.AsArray().Sum(x => (double)x!["sum"]!));
        await a.Admin.PutJsonAsync($"/api/telemetry/devices/{b.CabinetId}", new { intervalSeconds = 60 }).Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ingest_RejectsOversizedEmptyAndMalformedBatchesWhole()
    {
        var e = await EnterpriseWithDevicesAsync();
        var tooMany = Enumerable.Range(0, 5_001).Select(i => Reading(e.CabinetId, "weight", Now.AddSeconds(-i - 1), 1)).ToList();

        var oversized = await IngestAsync(e.GatewayKey, new { readings = tooMany }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(oversized["errors"]!["readings"]);
        var empty = await IngestAsync(e.GatewayKey, new { readings = Array.Empty<object>() }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["readings"]);

        var client = App.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = new StringContent("{\"readings\": [", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Device-Key", e.GatewayKey);
        await Task.FromResult(await client.Http.SendAsync(request)).Expect(HttpStatusCode.BadRequest);

        var series = await e.Admin.GetAsync($"/api/telemetry/devices/{e.CabinetId}/series?metric=weight&from={Now.AddHours(-3):O}&to={Now.AddHours(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Empty(series["points"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_RawBodies_BadJsonIsA400WithTheField_BadReadingsAreRejectedOneByOneWithReasons()
    {
        var e = await EnterpriseWithDevicesAsync();
        async Task<HttpResponseMessage> PostRawAsync(string json)
        {
            var client = App.NewClient();
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Device-Key", e.GatewayKey);
            return await client.Http.SendAsync(request);
        }

        // Whole-request problems: ProblemDetails naming the field and the reason; nothing stored.
        foreach (var (json, field, reason) in new[]
        {
            ("{\"readings\": [{\"deviceId\": \"nope\"}]}", "body", "'deviceId' must be a GUID"),
            ("{\"readings\": [{\"value\": NaN}]}", "body", "malformed JSON"),
            ("{\"readings\": [{\"seq\": 99999999999999999999}]}", "body", "'seq' must be an integer"),
            ("{\"readings\": [{\"value\": 1}", "body", "malformed JSON"),
            ("{\"readings\": null}", "readings", "at least one reading is required"),
        })
        {
            var problem = await PostRawAsync(json).ExpectJson(HttpStatusCode.BadRequest);
            Assert.Contains(reason, (string)problem["errors"]![field]![0]!, StringComparison.Ordinal);
        }

        // Bytes that are not UTF-8 inside a string (here the metric's name): the same 400, not a server error.
        var invalidUtf8 = System.Text.Encoding.UTF8.GetBytes($$"""{"readings": [{"deviceId": "{{e.CabinetId}}", "metric": "weight#", "ts": "2026-11-21T00:00:00Z", "value": 1}]}""");
        invalidUtf8[Array.IndexOf(invalidUtf8, (byte)'#')] = 0xFF;
        var bytesRequest = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = new ByteArrayContent(invalidUtf8) };
        bytesRequest.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        bytesRequest.Headers.Add("X-Device-Key", e.GatewayKey);
        var notUtf8 = await App.NewClient().Http.SendAsync(bytesRequest).ExpectJson(HttpStatusCode.BadRequest);
        Assert.Contains("not valid UTF-8", (string)notUtf8["errors"]!["body"]![0]!, StringComparison.Ordinal);

        // Per-reading problems: stored minus the bad ones, each listed with its index and reason code.
        var ts = Now.AddMinutes(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var cabinet = e.CabinetId;
        var outcome = await PostRawAsync($$"""
            {"readings": [
              {"deviceId": "{{cabinet}}", "metric": "weight", "ts": "{{ts}}", "value": 10},
              {"deviceId": "{{cabinet}}", "metric": "weight", "ts": "{{ts}}", "value": 11},
              {"deviceId": "{{cabinet}}", "metric": "temperature", "ts": "{{ts}}", "value": "NaN"},
              {"deviceId": "{{cabinet}}", "metric": "temperature", "ts": "{{ts}}", "value": 1e400},
              {"deviceId": "{{cabinet}}", "metric": "weight", "value": 3},
              {"deviceId": "{{cabinet}}", "metric": "fill_ratio", "ts": "{{ts}}", "value": 1e300}
            ]}
            """).ExpectJson(HttpStatusCode.OK);

        Assert.Equal((6, 1, 1), ((int)outcome["received"]!, (int)outcome["accepted"]!, (int)outcome["duplicates"]!));
        Assert.Equal(
            [(2, "not_finite"), (3, "not_finite"), (4, "missing_field"), (5, "out_of_range")],
            outcome["rejected"]!.AsArray().Select(r => ((int)r!["index"]!, (string)r["reason"]!)));
        Assert.All(outcome["rejected"]!.AsArray(), r => Assert.False(string.IsNullOrEmpty((string?)r!["detail"])));
    }

    [Fact]
    public async Task Ingest_IsRateLimitedPerDeviceKey_With429AndRetryAfter()
    {
        // Bucket of 3 requests per device, one token every 5 minutes.
        await using var isolated = await App.CreateIsolatedAsync(
            ("RateLimiting:DeviceIngest:TokenLimit", "3"), ("RateLimiting:DeviceIngest:TokensPerPeriod", "1"),
            ("RateLimiting:DeviceIngest:ReplenishmentPeriodSeconds", "300"), ("RateLimiting:PermitLimit", "100"));
        var a = await EnterpriseWithDevicesAsync(isolated);
        var b = await EnterpriseWithDevicesAsync(isolated);
        var ts = Now.AddMinutes(-10);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            limited = await IngestAsync(isolated, a.GatewayKey, new { readings = new[] { Reading(a.CabinetId, "weight", ts.AddSeconds(i), i) } });
            statuses.Add(limited.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = int.Parse(limited!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 300);
        Assert.Equal(429, (int)(await limited.ReadAsync())["status"]!);

        // The refused batch stored nothing; another device key has its own bucket.
        var series = await a.Admin.GetAsync($"/api/telemetry/devices/{a.CabinetId}/series?metric=weight&from={ts.AddHours(-1):O}&to={Now.AddMinutes(1):O}")
            .ExpectJson(HttpStatusCode.OK);
        Assert.Equal([0.0, 1.0, 2.0], series["points"]!.AsArray().Select(p => (double)p!["value"]!));
        await IngestAsync(isolated, b.GatewayKey, new { readings = new[] { Reading(b.CabinetId, "weight", ts, 1) } }).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ingest_BySignedInUser_IsForbidden()
    {
        var e = await EnterpriseWithDevicesAsync();
        await e.Admin.PostJsonAsync("/api/telemetry/readings", new { readings = new[] { Reading(e.CabinetId, "weight", Now, 1) } }).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task RegisterDevice_ChangesTypeAndIntervalAndValidatesInput()
    {
        var e = await EnterpriseWithDevicesAsync();

        var bad = await e.Admin.PutJsonAsync($"/api/telemetry/devices/{e.CabinetId}", new { type = "toaster", intervalSeconds = 0 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["type"]);
        Assert.NotNull(bad["errors"]!["intervalSeconds"]);
        var updated = await e.Admin.PutJsonAsync($"/api/telemetry/devices/{e.CabinetId}", new { type = "environment_sensor", intervalSeconds = 60 }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(("environment_sensor", 60), ((string)updated["type"]!, (int)updated["intervalSeconds"]!));

        var outcome = await IngestAsync(e.GatewayKey, new { readings = new[] { Reading(e.CabinetId, "fill_ratio", Now.AddMinutes(-1), 0.5) } }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("metric_not_reported_by_device", (string)outcome["rejected"]![0]!["reason"]!);
    }

    [Fact]
    public async Task TelemetryMigrations_ProduceExactlyTheEfModel()
    {
        var differences = await App.WithScopeAsync(sp => SchemaComparer.CompareAsync(sp.GetRequiredService<TelemetryDbContext>(), "telemetry_"));

        // Monthly partitions of telemetry_readings (PostgreSQL) and the SQLite store's ingest log, its owner row and its fold mark
        // (SqliteReadingLog: raw SQL of the writer, no entities) are tables the model does not (and should not) know.
        var unexpected = differences.Where(d => !d.Contains("telemetry_readings_y", StringComparison.Ordinal)
            && d != $"table {SqliteReadingLog.Table}: in the database but not in the model"
            && d != $"table {SqliteReadingLog.OwnerTable}: in the database but not in the model"
            && d != $"table {SqliteReadingLog.FoldMarkTable}: in the database but not in the model").ToList();
        Assert.True(unexpected.Count == 0, "The Telemetry migrations and the EF model disagree:\n" + string.Join('\n', unexpected));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class TelemetryApiTestsOnSqlite(SqliteAppFactory factory) : TelemetryApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class TelemetryApiTestsOnPostgreSql(PostgresAppFactory factory) : TelemetryApiTests(factory);
