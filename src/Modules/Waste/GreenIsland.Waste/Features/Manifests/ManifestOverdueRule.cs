using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// Raises one alert per manifest whose receiver has not confirmed (accepted or refused) by the end of the fifth
/// working day after receipt. The alert belongs to the generator (so the generator, its collector and its
/// regulators see it); the manifest remembers that it was alerted, so the rule is idempotent. Once the receiver has
/// decided (late) or the manifest is cancelled, the rule closes the alert with that reason; the manifest keeps its
/// record of having been overdue, and the evaluation still counts the late confirmation.
/// Becoming overdue is also a manifest event (<see cref="ManifestEvent.ConfirmationOverdue"/>, no change of state),
/// written with the alert in one transaction: on the manifest's ledger stream and in <c>waste_manifest_events</c>, so
/// the webhooks deliver it (<c>manifest.confirmation_overdue</c>) to the parties' and the regulators' subscriptions.
/// On PostgreSQL several hosts may run the rule in the same minute: the transaction first takes an advisory lock, and
/// a run that cannot have it does nothing (the holder raises the alerts; waiting would only find them raised), so the
/// alert and the event are written once. SQLite is one process and needs no lock.
/// </summary>
internal sealed class ManifestOverdueRule(WasteDbContext db, WasteAlerts alerts, ManifestRecorder recorder)
{
    public const string Actor = "system:waste-rules";

    /// <summary>Advisory lock key of the rule's transaction on PostgreSQL (Telemetry uses 7465010001/2).</summary>
    public const long AdvisoryLockKey = 7465020001;

    public async Task<int> RunAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.IsPostgres
            && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockKey}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return 0;
        }

        await CloseSettledAsync(now, cancellationToken);

        var today = WasteTime.LocalDate(now);
        var overdue = await db.Set<Manifest>().IgnoreQueryFilters().Include(m => m.Lines)
            .Where(m => m.Status == ManifestStatus.Received && m.ConfirmationDeadline < today && m.OverdueAlertedAt == null)
            .Take(500).ToListAsync(cancellationToken);
        foreach (var m in overdue)
        {
            var alert = alerts.Raise(new AlertSubject(m.OrganisationId, m.GeneratorSiteId, m.DistrictId, m.TownId, SubjectId: m.Id), AlertKind.ManifestConfirmationOverdue,
                string.Create(CultureInfo.InvariantCulture,
                    $"联单 {m.Number} 接收单位 {m.ReceiverName} 未在 {m.ConfirmationDeadline:yyyy-MM-dd} 前确认 / the receiver has not confirmed manifest {m.Number} by {m.ConfirmationDeadline:yyyy-MM-dd}"),
                now);
            m.MarkOverdueAlerted(now);
            await recorder.RecordAsync(db, m, [Overdue(m, alert.Id, now)], cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return overdue.Count;
    }

    /// <summary>
    /// The overdue event: it occurred when the deadline day ended (China time), whenever the rule noticed it; the state
    /// stays Received.
    /// </summary>
    private static ManifestTransition Overdue(Manifest m, Guid alertId, DateTime detectedAt)
    {
        var deadline = m.ConfirmationDeadline!.Value;
        return new ManifestTransition(ManifestEvent.ConfirmationOverdue, ManifestStatus.Received, ManifestStatus.Received,
            WasteTime.StartOfDayUtc(deadline.AddDays(1)), Actor, new JsonObject
            {
                ["confirmationDeadline"] = deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["deadlineProvisional"] = m.ConfirmationDeadlineProvisional,
                ["receivedAt"] = m.ReceivedAt,
                ["receiverId"] = m.ReceiverId?.Value,
                ["receiverName"] = m.ReceiverName,
                ["detectedAt"] = detectedAt,
                ["alertId"] = alertId,
            });
    }

    /// <summary>Closes the overdue alerts of manifests that are no longer waiting for the receiver's decision.</summary>
    private async Task CloseSettledAsync(DateTime now, CancellationToken cancellationToken)
    {
        var settled = await (
            from a in db.Set<WasteAlert>().IgnoreQueryFilters()
            join m in db.Set<Manifest>().IgnoreQueryFilters() on a.SubjectId equals m.Id
            where a.Kind == AlertKind.ManifestConfirmationOverdue && a.Status != AlertStatus.Closed && m.Status != ManifestStatus.Received
            select new { Alert = a, m.Number, m.Status, m.DecidedAt, m.CancelledAt })
            .Take(500).ToListAsync(cancellationToken);
        foreach (var s in settled)
        {
            var reason = s.Status == ManifestStatus.Cancelled
                ? string.Create(CultureInfo.InvariantCulture, $"联单 {s.Number} 已作废 / manifest {s.Number} was cancelled ({s.CancelledAt:yyyy-MM-dd HH:mm} UTC)")
                : string.Create(CultureInfo.InvariantCulture, $"接收单位已逾期确认联单 {s.Number} / the receiver confirmed manifest {s.Number} late ({s.DecidedAt:yyyy-MM-dd HH:mm} UTC)");
            s.Alert.Close(now, Actor, reason);
        }
    }
}

/// <summary>Runs <see cref="ManifestOverdueRule"/> every 15 minutes (off with <c>Waste:BackgroundJobs=false</c>, as in the tests).</summary>
internal sealed partial class ManifestOverdueJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ManifestOverdueJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(15), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var raised = await scope.ServiceProvider.GetRequiredService<ManifestOverdueRule>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (raised > 0)
                {
                    LogRaised(logger, raised);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Waste:BackgroundJobs", true);

    [LoggerMessage(Level = LogLevel.Information, Message = "Manifest confirmation overdue: {Count} alerts raised")]
    private static partial void LogRaised(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Manifest overdue rule failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
