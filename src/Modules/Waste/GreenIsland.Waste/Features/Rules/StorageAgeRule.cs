using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Rules;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>
/// Storage age: warns once when a stored container comes within the warning window (45 days by default) of its
/// storage limit, and once more when the limit has passed. Run by the background job and callable directly.
/// </summary>
internal sealed class StorageAgeRule(WasteDbContext db, WasteAlerts alerts, WasteLedger ledger, IOptions<WasteRulesOptions> options)
{
    public const int BatchSize = 500;

    public async Task<int> RunAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var today = WasteTime.LocalDate(nowUtc);
        var warnFrom = today.AddDays(settings.StorageWarningDays);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Set<WasteContainer>().IgnoreQueryFilters()
            .Where(c => c.State == ContainerState.Stored && c.StorageLimitDate <= warnFrom
                        && (c.StorageWarnedAt == null || (c.StorageExceededAt == null && c.StorageLimitDate < today)))
            .OrderBy(c => c.StorageLimitDate).Take(BatchSize).ToListAsync(cancellationToken);
        var raised = 0;
        foreach (var container in due)
        {
            var state = StorageAge.Evaluate(today, container.StorageLimitDate, settings.StorageWarningDays);
            var subject = new AlertSubject(container.OrganisationId, container.SiteId, container.DistrictId, container.TownId, container.CabinetId, container.Id);
            var limit = container.StorageLimitDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (state == StorageAgeState.Exceeded && container.StorageExceededAt is null)
            {
                container.StorageExceededAt = nowUtc;
                container.StorageWarnedAt ??= nowUtc;
                alerts.Raise(subject, AlertKind.StorageLimitExceeded, $"容器 {container.Code} 已超过贮存期限 {limit} / storage limit passed", nowUtc);
                await AppendAsync(container, "ContainerStorageLimitExceeded", limit, nowUtc, cancellationToken);
                raised++;
            }
            else if (state == StorageAgeState.Approaching && container.StorageWarnedAt is null)
            {
                container.StorageWarnedAt = nowUtc;
                var days = container.StorageLimitDate.DayNumber - today.DayNumber;
                alerts.Raise(subject, AlertKind.StorageAgeApproaching, $"容器 {container.Code} 距贮存期限 {limit} 还有 {days} 天 / storage limit in {days} days", nowUtc,
                    days, settings.StorageWarningDays);
                await AppendAsync(container, "ContainerStorageAgeWarning", limit, nowUtc, cancellationToken);
                raised++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return raised;
    }

    private Task AppendAsync(WasteContainer container, string type, string limit, DateTime at, CancellationToken cancellationToken) =>
        ledger.AppendAsync(WasteLedger.Container(container.Id), type, container.OrganisationId, new JsonObject
        {
            ["containerId"] = container.Id,
            ["code"] = container.Code,
            ["storageLimitDate"] = limit,
            ["at"] = at,
            ["actor"] = "system:waste-rules",
        }, cancellationToken);
}
