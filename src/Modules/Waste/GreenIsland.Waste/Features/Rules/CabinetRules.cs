using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Rules;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>
/// Applies Telemetry's events to cabinets: keeps the latest fill, temperature and VOC; runs the fill rule (one pickup
/// request per cabinet, with hysteresis), the temperature and VOC range alarms, and the offline/online alert. One
/// transaction per event naming a cabinet, deduplicated on the event id (delivery is at least once); a dispatch
/// round's events are screened for cabinets with one query (<see cref="HandleBatchAsync"/>).
/// </summary>
internal sealed partial class CabinetRules(
    WasteDbContext db,
    WasteLedger ledger,
    WasteAlerts alerts,
    PickupRequestTransitions requests,
    ServingCollectors collectors,
    IOptions<WasteRulesOptions> options,
    TimeProvider clock,
    ILogger<CabinetRules> logger)
{
    private const string RulesActor = WasteAlerts.RulesActor;

    public async Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
    {
        var deviceIds = DevicesOf(telemetryEvent);
        if (deviceIds.Count == 0)
        {
            return;
        }

        var typedIds = deviceIds.Select(DeviceId.From).ToList();

        // Most reporting devices (meters, PV inverters, sensors) are not cabinets: one query, no transaction, for them.
        if (!await db.Set<Cabinet>().IgnoreQueryFilters().AnyAsync(c => typedIds.Contains(c.DeviceId), cancellationToken))
        {
            return;
        }

        await ApplyAsync(telemetryEvent, typedIds, cancellationToken);
    }

    /// <summary>
    /// A dispatch round's events in order: one query finds which of all their devices are cabinets; only the events
    /// naming a cabinet are applied, each as <see cref="HandleAsync"/> would (own transaction, deduplicated), starting
    /// from a clear change tracker. Stops at the first event that fails.
    /// </summary>
    public async Task<TelemetryBatchResult> HandleBatchAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        var devices = events.Select(DevicesOf).ToList();
        var all = devices.SelectMany(d => d).Distinct().Select(DeviceId.From).ToList();
        var cabinets = all.Count == 0
            ? []
            : (await db.Set<Cabinet>().IgnoreQueryFilters().Where(c => all.Contains(c.DeviceId)).Select(c => c.DeviceId).ToListAsync(cancellationToken))
                .Select(d => d.Value).ToHashSet();
        for (var i = 0; i < events.Count; i++)
        {
            if (!devices[i].Any(cabinets.Contains))
            {
                continue;
            }

            try
            {
                db.ChangeTracker.Clear();
                await ApplyAsync(events[i], [.. devices[i].Select(DeviceId.From)], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return TelemetryBatchResult.FailedAt(i, e);
            }
        }

        return TelemetryBatchResult.All(events.Count);
    }

    private static List<Guid> DevicesOf(TelemetryEvent telemetryEvent) => telemetryEvent switch
    {
        ReadingsAccepted r => r.Series.Select(s => s.DeviceId).Distinct().ToList(),
        DeviceWentOffline o => [o.DeviceId],
        DeviceCameOnline o => [o.DeviceId],
        _ => [],
    };

    /// <summary>Applies an event naming at least one cabinet: one transaction, deduplicated on the event id.</summary>
    private async Task ApplyAsync(TelemetryEvent telemetryEvent, List<DeviceId> typedIds, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Set<ProcessedEvent>().AnyAsync(p => p.EventId == telemetryEvent.EventId, cancellationToken))
        {
            return;
        }

        var cabinets = await db.Set<Cabinet>().IgnoreQueryFilters().Where(c => typedIds.Contains(c.DeviceId)).ToListAsync(cancellationToken);
        if (cabinets.Count == 0)
        {
            return;
        }

        db.Add(new ProcessedEvent { EventId = telemetryEvent.EventId, Type = telemetryEvent.GetType().Name, ProcessedAt = clock.GetUtcNow().UtcDateTime });
        foreach (var cabinet in cabinets)
        {
            switch (telemetryEvent)
            {
                case ReadingsAccepted readings:
                    await ApplyReadingsAsync(cabinet, readings.Series.Where(s => s.DeviceId == cabinet.DeviceId.Value).ToList(), cancellationToken);
                    break;
                case DeviceWentOffline offline:
                    await WentOfflineAsync(cabinet, offline, cancellationToken);
                    break;
                case DeviceCameOnline online:
                    await CameOnlineAsync(cabinet, online, cancellationToken);
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task ApplyReadingsAsync(Cabinet cabinet, IReadOnlyList<AcceptedSeries> series, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var s in series.OrderBy(s => s.LastTimestampUtc))
        {
            // Late readings (older than what the cabinet already shows) do not move its state backwards.
            if (cabinet.LastReadingAt is { } last && s.LastTimestampUtc < last)
            {
                continue;
            }

            var at = s.LastTimestampUtc;
            switch (s.Metric)
            {
                case MetricCodes.FillRatio:
                    cabinet.FillRatio = s.LastValue;
                    await EvaluateFillAsync(cabinet, s.LastValue, at, settings, cancellationToken);
                    break;
                case MetricCodes.Temperature:
                    cabinet.TemperatureC = s.LastValue;
                    var (tAlarm, tTripped) = RangeAlarm.Evaluate(cabinet.TemperatureAlarm, s.LastValue, settings.TemperatureMinC,
                        cabinet.TemperatureMaxC ?? settings.TemperatureMaxC, settings.TemperatureHysteresisC);
                    if (cabinet.TemperatureAlarm && !tAlarm)
                    {
                        await alerts.CloseByRuleAsync(cabinet.Id, null, [AlertKind.TemperatureOutOfRange], at,
                            string.Create(CultureInfo.InvariantCulture, $"温度恢复正常（{s.LastValue:0.#} °C）/ temperature back in range"), cancellationToken);
                    }

                    cabinet.TemperatureAlarm = tAlarm;
                    if (tTripped)
                    {
                        await RaiseCabinetAlertAsync(cabinet, AlertKind.TemperatureOutOfRange,
                            string.Create(CultureInfo.InvariantCulture, $"柜内温度 {s.LastValue:0.#} °C 超出范围 [{settings.TemperatureMinC:0.#}, {cabinet.TemperatureMaxC ?? settings.TemperatureMaxC:0.#}] °C / temperature out of range"),
                            at, s.LastValue, cabinet.TemperatureMaxC ?? settings.TemperatureMaxC, "CabinetTemperatureOutOfRange", cancellationToken);
                    }

                    break;
                case MetricCodes.Voc:
                    cabinet.VocPpm = s.LastValue;
                    var (vAlarm, vTripped) = RangeAlarm.Evaluate(cabinet.VocAlarm, s.LastValue, null, cabinet.VocMaxPpm ?? settings.VocMaxPpm, settings.VocHysteresisPpm);
                    if (cabinet.VocAlarm && !vAlarm)
                    {
                        await alerts.CloseByRuleAsync(cabinet.Id, null, [AlertKind.VocOutOfRange], at,
                            string.Create(CultureInfo.InvariantCulture, $"VOC 浓度恢复正常（{s.LastValue:0.#} ppm）/ VOC back in range"), cancellationToken);
                    }

                    cabinet.VocAlarm = vAlarm;
                    if (vTripped)
                    {
                        await RaiseCabinetAlertAsync(cabinet, AlertKind.VocOutOfRange,
                            string.Create(CultureInfo.InvariantCulture, $"VOC {s.LastValue:0.#} ppm 超过上限 {cabinet.VocMaxPpm ?? settings.VocMaxPpm:0.#} ppm / VOC above limit"),
                            at, s.LastValue, cabinet.VocMaxPpm ?? settings.VocMaxPpm, "CabinetVocOutOfRange", cancellationToken);
                    }

                    break;
                default:
                    continue;
            }

            if (cabinet.LastReadingAt is null || at > cabinet.LastReadingAt)
            {
                cabinet.LastReadingAt = at;
            }
        }
    }

    private async Task EvaluateFillAsync(Cabinet cabinet, double fill, DateTime at, WasteRulesOptions settings, CancellationToken cancellationToken)
    {
        var active = await requests.HasActiveAsync(cabinet.Id, cancellationToken);
        var (raise, armed) = FillRule.Evaluate(cabinet.FillArmed, active, fill, settings.FillTrigger, settings.FillRearm);
        cabinet.FillArmed = armed;
        if (!raise)
        {
            return;
        }

        var collector = await collectors.CollectorOfAsync(cabinet.OrganisationId, WasteTime.LocalDate(at), cancellationToken);
        var message = string.Create(CultureInfo.InvariantCulture, $"暂存柜填充率 {fill:P0} 达到阈值 {settings.FillTrigger:P0} / fill ratio reached the pickup threshold");
        Guid? requestId = null;
        if (collector is { } c)
        {
            var request = await requests.RaiseAsync(cabinet, cabinet.OrganisationId, cabinet.SiteId, cabinet.DistrictId, cabinet.TownId, c, PickupOrigin.Automatic, fill,
                null, at, RulesActor, cancellationToken);
            requestId = request.Id;
        }
        else
        {
            message += "；无在约收运单位，未生成收运请求 / no serving collector: no pickup request raised";
            LogNoCollector(logger, cabinet.Id, cabinet.OrganisationId.Value);
        }

        alerts.Raise(Subject(cabinet), AlertKind.FillThreshold, message, at, fill, settings.FillTrigger);
        await ledger.AppendAsync(WasteLedger.Cabinet(cabinet.Id), "CabinetFillThresholdCrossed", cabinet.OrganisationId, new JsonObject
        {
            ["cabinetId"] = cabinet.Id,
            ["fillRatio"] = fill,
            ["threshold"] = settings.FillTrigger,
            ["pickupRequestId"] = requestId,
            ["at"] = at,
            ["actor"] = RulesActor,
        }, cancellationToken);
    }

    private async Task WentOfflineAsync(Cabinet cabinet, DeviceWentOffline offline, CancellationToken cancellationToken)
    {
        if (cabinet.Online == false)
        {
            return;
        }

        cabinet.Online = false;
        cabinet.OnlineChangedAt = offline.OccurredAtUtc;
        if (!await alerts.HasUnclosedAsync(cabinet.Id, AlertKind.CabinetOffline, cancellationToken))
        {
            alerts.Raise(Subject(cabinet), AlertKind.CabinetOffline,
                $"暂存柜离线（最后上报 {offline.LastSeenAtUtc:yyyy-MM-dd HH:mm} UTC）/ cabinet offline", offline.OccurredAtUtc);
        }

        await ledger.AppendAsync(WasteLedger.Cabinet(cabinet.Id), "CabinetWentOffline", cabinet.OrganisationId, new JsonObject
        {
            ["cabinetId"] = cabinet.Id,
            ["lastSeenAt"] = offline.LastSeenAtUtc,
            ["at"] = offline.OccurredAtUtc,
            ["actor"] = RulesActor,
        }, cancellationToken);
    }

    private async Task CameOnlineAsync(Cabinet cabinet, DeviceCameOnline online, CancellationToken cancellationToken)
    {
        if (cabinet.Online == true)
        {
            return;
        }

        cabinet.Online = true;
        cabinet.OnlineChangedAt = online.OccurredAtUtc;
        await alerts.CloseByRuleAsync(cabinet.Id, null, [AlertKind.CabinetOffline], online.OccurredAtUtc, "设备恢复在线 / device back online", cancellationToken);

        await ledger.AppendAsync(WasteLedger.Cabinet(cabinet.Id), "CabinetCameOnline", cabinet.OrganisationId, new JsonObject
        {
            ["cabinetId"] = cabinet.Id,
            ["at"] = online.OccurredAtUtc,
            ["actor"] = RulesActor,
        }, cancellationToken);
    }

    private async Task RaiseCabinetAlertAsync(Cabinet cabinet, AlertKind kind, string message, DateTime at, double value, double threshold, string ledgerType,
        CancellationToken cancellationToken)
    {
        alerts.Raise(Subject(cabinet), kind, message, at, value, threshold);
        await ledger.AppendAsync(WasteLedger.Cabinet(cabinet.Id), ledgerType, cabinet.OrganisationId, new JsonObject
        {
            ["cabinetId"] = cabinet.Id,
            ["value"] = value,
            ["threshold"] = threshold,
            ["at"] = at,
            ["actor"] = RulesActor,
        }, cancellationToken);
    }

    internal static AlertSubject Subject(Cabinet cabinet) =>
        new(cabinet.OrganisationId, cabinet.SiteId, cabinet.DistrictId, cabinet.TownId, CabinetId: cabinet.Id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cabinet {CabinetId} of {OrganisationId} crossed the fill threshold but no collector serves the enterprise")]
    private static partial void LogNoCollector(ILogger logger, Guid cabinetId, Guid organisationId);
}
