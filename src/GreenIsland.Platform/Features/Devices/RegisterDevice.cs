using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Devices;

internal sealed record RegisterDeviceRequest(Guid? SiteId, string? Name, string? Kind);

internal static class RegisterDevice
{
    public static IEndpointRouteBuilder MapRegisterDevice(this IEndpointRouteBuilder api)
    {
        api.MapPost("/devices", HandleAsync)
            .WithName("RegisterDevice")
            .WithSummary("Registers a device at a site; issue a key for it with POST /api/devices/{id}/keys.")
            .WithTags("Devices")
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<DeviceResponse>, ValidationProblem>> HandleAsync(
        RegisterDeviceRequest request, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Required("name", request.Name, Device.NameMaxLength).Required("kind", request.Kind, Device.KindMaxLength);
        Site? site = null;
        if (request.SiteId is not { } siteGuid)
        {
            errors.Add("siteId", "This field is required.");
        }
        else
        {
            var siteId = new SiteId(siteGuid);
            site = await db.Sites.SingleOrDefaultAsync(s => s.Id == siteId, cancellationToken);
            if (site is null)
            {
                errors.Add("siteId", "No site you administer has this id.");
            }
        }

        if (errors.Any || site is null)
        {
            return Problems.Validation(errors);
        }

        var device = Device.Register(DeviceId.New(), site, request.Name!, request.Kind!, isDemo: false, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, DeviceLedgerRecords.Registered(device), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await DeviceProjection.ToResponsesAsync(db.Devices.Where(d => d.Id == device.Id), db, cancellationToken)).Single();
        return TypedResults.Created($"/api/devices/{device.Id}", response);
    }
}
