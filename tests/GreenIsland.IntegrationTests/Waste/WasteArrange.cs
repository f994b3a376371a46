using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>An enterprise with a signed-in admin, a storage-cabinet device (with key) registered as a waste cabinet.</summary>
public sealed record WasteEnterprise(TestOrganisation Organisation, ApiClient Admin, Guid DeviceId, string DeviceKey, Guid CabinetId);

/// <summary>Arranges Waste data through the HTTP API, as the users would.</summary>
public static class WasteArrange
{
    public static async Task<WasteEnterprise> EnterpriseWithCabinetAsync(this GreenIslandAppFactory app, object[]? compartments = null, Guid? town = null)
    {
        var (organisation, admin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, town is null ? null : new GreenIsland.Platform.Contracts.Identifiers.JurisdictionId(town.Value));
        return await CabinetForAsync(organisation, await app.SignedInAsync(admin), compartments);
    }

    /// <summary>
    /// The enterprise's admin, signed in through <paramref name="client"/> (on whichever host, e.g. one with a fixed clock),
    /// registers a storage-cabinet device with a key and makes it a waste cabinet.
    /// </summary>
    public static async Task<WasteEnterprise> CabinetForAsync(TestOrganisation organisation, ApiClient client, object[]? compartments = null)
    {
        var device = await client.PostJsonAsync("/api/devices", new { siteId = organisation.SiteId.Value, name = "危废暂存柜", kind = "StorageCabinet" })
            .ExpectJson(HttpStatusCode.Created);
        var deviceId = Guid.Parse((string)device["id"]!);
        var key = await client.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys").ExpectJson(HttpStatusCode.Created);
        await client.PutJsonAsync($"/api/telemetry/devices/{deviceId}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true }).Expect(HttpStatusCode.OK);
        var cabinet = await client.PostJsonAsync("/api/waste/cabinets", new
        {
            deviceId,
            name = "1号暂存柜",
            compartments = compartments ?? [new { number = 1, capacityLitres = 400 }, new { number = 2, capacityLitres = 400 }],
        }).ExpectJson(HttpStatusCode.Created);
        return new WasteEnterprise(organisation, client, deviceId, (string)key["key"]!, Guid.Parse((string)cabinet["id"]!));
    }

    /// <summary>A collector (with a signed-in dispatcher) serving the enterprise from 2026-01-01.</summary>
    public static async Task<(TestOrganisation Collector, ApiClient Dispatcher)> ServingCollectorAsync(this GreenIslandAppFactory app, WasteEnterprise enterprise)
    {
        var (collector, dispatcher) = await app.MemberAsync(PlatformRoles.CollectorDispatcher);
        await enterprise.Admin.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = enterprise.Organisation.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        return (collector, await app.SignedInAsync(dispatcher));
    }

    public static async Task<Guid> StreamAsync(this WasteEnterprise enterprise, string code, string name, string group, decimal expectedAnnualKg = 500m)
    {
        var stream = await enterprise.Admin.PostJsonAsync("/api/waste/streams", new
        {
            siteId = enterprise.Organisation.SiteId.Value,
            wasteCode = code,
            name,
            physicalForm = "Liquid",
            packaging = "塑料桶",
            expectedAnnualKg,
            compatibilityGroup = group,
        }).ExpectJson(HttpStatusCode.Created);
        return Guid.Parse((string)stream["id"]!);
    }

    /// <summary>Sends readings with the cabinet's own device key, then delivers Telemetry's outbox (the background job is off in tests).</summary>
    public static async Task IngestAndDeliverAsync(this GreenIslandAppFactory app, WasteEnterprise enterprise, params (string Metric, double Value)[] readings)
    {
        await app.IngestAsync(enterprise, readings);
        await app.DeliverTelemetryOutboxAsync();
    }

    /// <summary>Sends readings with the cabinet's own device key (Telemetry's outbox is not delivered: the background job is off in tests).</summary>
    public static async Task IngestAsync(this GreenIslandAppFactory app, WasteEnterprise enterprise, params (string Metric, double Value)[] readings)
    {
        using var device = app.NewClient();
        var now = DateTime.UtcNow;
        var body = new
        {
            readings = readings.Select((r, i) => new { deviceId = enterprise.DeviceId, metric = r.Metric, ts = now.AddSeconds(-readings.Length + i), value = r.Value }).ToArray(),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("X-Device-Key", enterprise.DeviceKey);
        var response = await device.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task DeliverTelemetryOutboxAsync(this GreenIslandAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<GreenIsland.Telemetry.Outbox.OutboxDispatcher>();
        while (await dispatcher.DispatchPendingAsync(DateTime.UtcNow.AddMinutes(1), CancellationToken.None) > 0)
        {
        }
    }
}
