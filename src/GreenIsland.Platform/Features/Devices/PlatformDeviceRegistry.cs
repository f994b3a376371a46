using GreenIsland.Platform.Contracts.Devices;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GreenIsland.Platform.Features.Devices;

/// <summary>
/// <see cref="IDeviceRegistry"/>: registers devices through a platform context opened on the caller's connection and
/// enlisted in its transaction (like the ledger), with the same ledger entry as <c>POST /api/devices</c>.
/// </summary>
internal sealed class PlatformDeviceRegistry(ModuleDbContextConfigurator configurator, ITenantScopeProvider scopes, ILedger ledger, TimeProvider clock)
    : IDeviceRegistry
{
    public async Task<IReadOnlyList<RegisteredDevice>> RegisterAsync(DbContext callerContext, IReadOnlyList<DeviceRegistration> devices,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callerContext);
        ArgumentNullException.ThrowIfNull(devices);
        foreach (var device in devices)
        {
            ArgumentNullException.ThrowIfNull(device);
            if (string.IsNullOrWhiteSpace(device.Name) || device.Name.Trim().Length > Device.NameMaxLength
                || string.IsNullOrWhiteSpace(device.Kind) || device.Kind.Trim().Length > Device.KindMaxLength)
            {
                throw new ArgumentException($"A device needs a name of at most {Device.NameMaxLength} and a kind of at most {Device.KindMaxLength} characters.", nameof(devices));
            }
        }

        var transaction = callerContext.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Devices are registered in the caller's transaction: call BeginTransactionAsync on the DbContext first.");
        if (devices.Count == 0)
        {
            return [];
        }

        var options = new DbContextOptionsBuilder<PlatformDbContext>();
        configurator.Configure(options, callerContext.Database.GetDbConnection());
        await using var db = new PlatformDbContext(options.Options, scopes);
        await db.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);

        var siteIds = devices.Select(d => d.SiteId).Distinct().ToList();
        var sites = await db.Sites.Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        foreach (var id in siteIds.Where(id => !sites.ContainsKey(id)))
        {
            throw new ArgumentException($"No site you may see has id {id}.", nameof(devices));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = devices.Select(d => Device.Register(DeviceId.New(), sites[d.SiteId], d.Name, d.Kind, d.IsDemo, now)).ToList();
        db.Devices.AddRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendRangeAsync(callerContext, rows.Select(DeviceLedgerRecords.Registered).ToList(), cancellationToken);
        return rows.Select(r => new RegisteredDevice(r.Id, r.OrganisationId, r.SiteId, r.Name, r.Kind)).ToList();
    }
}
