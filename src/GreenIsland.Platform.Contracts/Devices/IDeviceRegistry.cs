using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Contracts.Devices;

/// <summary>A device to register at a site.</summary>
/// <param name="SiteId">The site the device is installed at (it gives the device its organisation).</param>
/// <param name="Name">The device's name (at most 100 characters).</param>
/// <param name="Kind">The device kind; a Telemetry device type (e.g. <c>StorageCabinet</c>) makes Telemetry register it with that type.</param>
/// <param name="IsDemo">Whether the device belongs to the demo district.</param>
public sealed record DeviceRegistration(SiteId SiteId, string Name, string Kind, bool IsDemo);

/// <summary>A registered device.</summary>
/// <param name="Id">The platform device id (what readings name).</param>
/// <param name="OrganisationId">The organisation owning the site.</param>
/// <param name="SiteId">The site.</param>
/// <param name="Name">The name as stored.</param>
/// <param name="Kind">The kind as stored.</param>
public sealed record RegisteredDevice(DeviceId Id, OrganisationId OrganisationId, SiteId SiteId, string Name, string Kind);

/// <summary>
/// The platform's device registry for other modules (the same registry as <c>POST /api/devices</c>): devices are
/// written, each with its <c>DeviceRegistered</c> ledger entry, through the caller's DbContext connection inside the
/// caller's open transaction, so they commit or roll back together with the caller's own rows. Sites the current
/// actor may not see are refused.
/// </summary>
public interface IDeviceRegistry
{
    /// <summary>Registers devices inside <paramref name="callerContext"/>'s current transaction.</summary>
    /// <param name="callerContext">The module's DbContext; it must have an open transaction (BeginTransactionAsync).</param>
    /// <param name="devices">The devices, in order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The registered devices, in the same order.</returns>
    /// <exception cref="InvalidOperationException">When the caller has no open transaction.</exception>
    /// <exception cref="ArgumentException">When a name or kind is empty or too long, or a site is unknown to the actor.</exception>
    Task<IReadOnlyList<RegisteredDevice>> RegisterAsync(DbContext callerContext, IReadOnlyList<DeviceRegistration> devices, CancellationToken cancellationToken);
}
