using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Identity;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Devices;

internal static class IssueDeviceKey
{
    public static IEndpointRouteBuilder MapIssueDeviceKey(this IEndpointRouteBuilder api)
    {
        api.MapPost("/devices/{id:guid}/keys", HandleAsync)
            .WithName("IssueDeviceKey")
            .WithSummary("Issues an API key for a device. The key is shown once; only its SHA-256 hash is stored.")
            .WithTags("Devices")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<IssuedDeviceKeyResponse>, NotFound>> HandleAsync(
        Guid id, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var device = await DeviceKeyCommands.FindAsync(db, id, cancellationToken);
        if (device is null)
        {
            return TypedResults.NotFound();
        }

        var issued = await DeviceKeyCommands.IssueAsync(db, ledger, device, "DeviceKeyIssued", clock.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.Created($"/api/devices/{device.Id}/keys/{issued.KeyId}", issued);
    }
}

internal static class RotateDeviceKey
{
    public static IEndpointRouteBuilder MapRotateDeviceKey(this IEndpointRouteBuilder api)
    {
        api.MapPost("/devices/{id:guid}/keys/{keyId:guid}/rotate", HandleAsync)
            .WithName("RotateDeviceKey")
            .WithSummary("Revokes a key and issues its replacement in one step (the new key is shown once).")
            .WithTags("Devices")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<IssuedDeviceKeyResponse>, NotFound>> HandleAsync(
        Guid id, Guid keyId, PlatformDbContext db, ILedger ledger, DeviceKeyCache keyCache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var device = await DeviceKeyCommands.FindAsync(db, id, cancellationToken);
        var key = device?.Keys.SingleOrDefault(k => k.Id == keyId && k.IsActive);
        if (device is null || key is null)
        {
            return TypedResults.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        key.Revoke(now);
        IssuedDeviceKeyResponse issued;
        try
        {
            issued = await DeviceKeyCommands.IssueAsync(db, ledger, device, "DeviceKeyRotated", now, cancellationToken);
        }
        finally
        {
            // After the commit (or its failure): the old key is refused from the next request on.
            keyCache.Invalidate(key.Hash);
        }

        return TypedResults.Created($"/api/devices/{device.Id}/keys/{issued.KeyId}", issued);
    }
}

internal static class RevokeDeviceKey
{
    public static IEndpointRouteBuilder MapRevokeDeviceKey(this IEndpointRouteBuilder api)
    {
        api.MapDelete("/devices/{id:guid}/keys/{keyId:guid}", HandleAsync)
            .WithName("RevokeDeviceKey")
            .WithSummary("Revokes a device key; requests with it are refused from then on.")
            .WithTags("Devices")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<NoContent, NotFound>> HandleAsync(
        Guid id, Guid keyId, PlatformDbContext db, ILedger ledger, DeviceKeyCache keyCache, TimeProvider clock, CancellationToken cancellationToken)
    {
        var device = await DeviceKeyCommands.FindAsync(db, id, cancellationToken);
        var key = device?.Keys.SingleOrDefault(k => k.Id == keyId && k.IsActive);
        if (device is null || key is null)
        {
            return TypedResults.NotFound();
        }

        key.Revoke(clock.GetUtcNow().UtcDateTime);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await ledger.AppendAsync(db, new LedgerRecord($"device/{device.Id}", "DeviceKeyRevoked", DeviceProjection.KeyPayload(device, key), device.OrganisationId),
                cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            // After the commit (or its failure): the key is refused from the next request on.
            keyCache.Invalidate(key.Hash);
        }

        return TypedResults.NoContent();
    }
}

internal static class DeviceKeyCommands
{
    public static Task<Device?> FindAsync(PlatformDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var deviceId = new DeviceId(id);
        return db.Devices.Include(d => d.Keys).SingleOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
    }

    public static async Task<IssuedDeviceKeyResponse> IssueAsync(PlatformDbContext db, ILedger ledger, Device device, string eventType, DateTime now,
        CancellationToken cancellationToken)
    {
        var (key, plain) = device.IssueKey(now);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"device/{device.Id}", eventType, DeviceProjection.KeyPayload(device, key), device.OrganisationId),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IssuedDeviceKeyResponse(key.Id, plain, key.Prefix, key.CreatedAt);
    }
}
