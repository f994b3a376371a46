using System.Collections.Concurrent;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.Telemetry.Devices;

/// <summary>
/// Device profiles for ingest, cached in memory (the hot path must not query per reading). Entries expire
/// after <see cref="CacheLifetime"/> so a change made on another instance (deactivation, type change) takes
/// effect within that time; changes made through this instance invalidate at once.
/// </summary>
internal sealed class DeviceRegistry(IServiceScopeFactory scopes, PlatformDeviceDirectory platform, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (DeviceProfile? Profile, DateTime LoadedAt)> cache = new();

    private readonly SemaphoreSlim syncing = new(1, 1);
    private DateTime syncedUpTo = DateTime.MinValue;

    public void Invalidate(Guid deviceId) => cache.TryRemove(deviceId, out _);

    /// <summary>
    /// Registers platform devices created since the last sync whose kind names a device type, so they are
    /// listed (and watched for liveness) before they first report. Cheap when nothing is new.
    /// </summary>
    public async Task SyncFromPlatformAsync(CancellationToken cancellationToken)
    {
        await syncing.WaitAsync(cancellationToken);
        try
        {
            var created = await platform.ListCreatedSinceAsync(syncedUpTo, cancellationToken);
            if (created.Count == 0)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            var ids = created.Select(c => DeviceId.From(c.Device.DeviceId)).ToList();
            var known = (await db.Devices.IgnoreQueryFilters().Where(d => ids.Contains(d.DeviceId)).Select(d => d.DeviceId).ToListAsync(cancellationToken)).ToHashSet();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (device, _) in created)
            {
                if (!known.Contains(DeviceId.From(device.DeviceId)) && DeviceTypeNames.TryParse(device.Kind, out var type))
                {
                    db.Devices.Add(NewDevice(device, type, DeviceTypeProfiles.DefaultInterval(type), now));
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance registered some of them concurrently; the next sync fills any gap.
                return;
            }

            syncedUpTo = created[^1].CreatedAt;
        }
        finally
        {
            syncing.Release();
        }
    }

    /// <summary>Loads the profiles of the given devices (null for unknown devices).</summary>
    public async Task<Dictionary<Guid, DeviceProfile?>> GetAsync(IEnumerable<Guid> deviceIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = new Dictionary<Guid, DeviceProfile?>();
        List<Guid>? missing = null;
        foreach (var id in deviceIds)
        {
            if (result.ContainsKey(id))
            {
                continue;
            }

            if (cache.TryGetValue(id, out var entry) && now - entry.LoadedAt < CacheLifetime)
            {
                result[id] = entry.Profile;
            }
            else
            {
                result[id] = null;
                (missing ??= []).Add(id);
            }
        }

        if (missing is not null)
        {
            foreach (var (id, profile) in await LoadAsync(missing, now, cancellationToken))
            {
                result[id] = profile;
                cache[id] = (profile, now);
            }
        }

        return result;
    }

    private async Task<Dictionary<Guid, DeviceProfile?>> LoadAsync(List<Guid> ids, DateTime now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var typed = ids.Select(DeviceId.From).ToList();
        var rows = await db.Devices.IgnoreQueryFilters().AsNoTracking().Where(d => typed.Contains(d.DeviceId)).ToListAsync(cancellationToken);
        var loaded = rows.ToDictionary(r => r.DeviceId.Value, r => (DeviceProfile?)r.ToProfile());

        foreach (var id in ids.Where(id => !loaded.ContainsKey(id)))
        {
            loaded[id] = await RegisterFromPlatformAsync(db, id, now, cancellationToken);
        }

        return loaded;
    }

    /// <summary>
    /// A platform device whose kind names a Telemetry device type (e.g. <c>StorageCabinet</c> or
    /// <c>storage_cabinet</c>) is registered on first contact with that type's defaults.
    /// </summary>
    private async Task<DeviceProfile?> RegisterFromPlatformAsync(TelemetryDbContext db, Guid id, DateTime now, CancellationToken cancellationToken)
    {
        var device = await platform.FindAsync(id, cancellationToken);
        if (device is null || !DeviceTypeNames.TryParse(device.Kind, out var type))
        {
            return null;
        }

        var row = NewDevice(device, type, DeviceTypeProfiles.DefaultInterval(type), now);
        db.Devices.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Registered concurrently by another request: read the winner.
            db.ChangeTracker.Clear();
            row = await db.Devices.IgnoreQueryFilters().AsNoTracking().SingleAsync(d => d.DeviceId == DeviceId.From(id), cancellationToken);
        }

        return row.ToProfile();
    }

    public static TelemetryDevice NewDevice(PlatformDevice device, DeviceType type, TimeSpan interval, DateTime now) => new()
    {
        DeviceId = DeviceId.From(device.DeviceId),
        OrganisationId = OrganisationId.From(device.OrganisationId),
        SiteId = SiteId.From(device.SiteId),
        DistrictId = device.DistrictId is { } district ? JurisdictionId.From(district) : null,
        TownId = device.TownId is { } town ? JurisdictionId.From(town) : null,
        Name = device.Name.Length > TelemetryDevice.NameMaxLength ? device.Name[..TelemetryDevice.NameMaxLength] : device.Name,
        Type = type,
        IntervalSeconds = (int)interval.TotalSeconds,
        RegisterModulus = DeviceTypeProfiles.DefaultRegisterModulus(type),
        IsActive = true,
        IsDemo = device.IsDemo,
        RegisteredAt = now,
        Status = LivenessStatus.Pending,
    };
}

internal static class DeviceTypeNames
{
    public static bool TryParse(string? text, out DeviceType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var compact = text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).Trim();
        return Enum.TryParse(compact, ignoreCase: true, out type) && Enum.IsDefined(type);
    }

    public static string ToSnakeCase(DeviceType type) => type switch
    {
        DeviceType.StorageCabinet => "storage_cabinet",
        DeviceType.ElectricityMeter => "electricity_meter",
        DeviceType.GasMeter => "gas_meter",
        DeviceType.SteamMeter => "steam_meter",
        DeviceType.PvInverter => "pv_inverter",
        DeviceType.EnvironmentSensor => "environment_sensor",
        DeviceType.Gateway => "gateway",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
