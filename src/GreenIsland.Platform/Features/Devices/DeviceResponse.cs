using System.Text.Json.Nodes;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Devices;

internal sealed record DeviceKeyResponse(Guid KeyId, string Prefix, DateTime CreatedAt, DateTime? RevokedAt);

internal sealed record DeviceResponse(Guid Id, Guid SiteId, string SiteName, Guid OrganisationId, string Name, string Kind, DateTime CreatedAt,
    IReadOnlyList<DeviceKeyResponse> Keys);

/// <summary>Returned once when a key is issued: the plain key is never stored or shown again.</summary>
internal sealed record IssuedDeviceKeyResponse(Guid KeyId, string Key, string Prefix, DateTime CreatedAt);

internal static class DeviceProjection
{
    public static async Task<List<DeviceResponse>> ToResponsesAsync(IQueryable<Device> query, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var devices = await query.Include(d => d.Keys).AsNoTracking().ToListAsync(cancellationToken);
        var sites = await Names.OfSitesAsync(db, devices.Select(d => d.SiteId), cancellationToken);
        return devices.Select(d => new DeviceResponse(d.Id.Value, d.SiteId.Value, sites.GetValueOrDefault(d.SiteId, string.Empty), d.OrganisationId.Value, d.Name,
            d.Kind, d.CreatedAt,
            d.Keys.OrderBy(k => k.CreatedAt).Select(k => new DeviceKeyResponse(k.Id, k.Prefix, k.CreatedAt, k.RevokedAt)).ToList())).ToList();
    }

    public static JsonObject KeyPayload(Device device, DeviceKey key) => new()
    {
        ["deviceId"] = device.Id.Value.ToString("D"),
        ["keyId"] = key.Id.ToString("D"),
        ["prefix"] = key.Prefix,
    };
}
