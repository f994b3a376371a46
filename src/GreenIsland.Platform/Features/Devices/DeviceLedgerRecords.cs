using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Domain;

namespace GreenIsland.Platform.Features.Devices;

/// <summary>The ledger entries of a device's life, one shape whichever way the device was registered.</summary>
internal static class DeviceLedgerRecords
{
    public static LedgerRecord Registered(Device device) => new($"device/{device.Id}", "DeviceRegistered", new JsonObject
    {
        ["id"] = device.Id.Value.ToString("D"),
        ["siteId"] = device.SiteId.Value.ToString("D"),
        ["name"] = device.Name,
        ["kind"] = device.Kind,
    }, device.OrganisationId);
}
