using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry.Outbox;

/// <summary>
/// Delivers committed outbox messages to every <see cref="ITelemetryEventSubscriber"/>, oldest first, and marks
/// them delivered only afterwards: a crash between commit and delivery (or during it) leaves the message
/// undelivered, and the next run delivers it. At least once; subscribers dedupe on the event id.
/// A message whose payload cannot be read (say, written by a newer version before a rollback) is parked instead:
/// it stays undelivered with <see cref="ParkedUntil"/> as its next attempt and the reason in <c>last_error</c>, is
/// logged as an error, and the messages after it are still delivered. Retrying it would fail the same way forever.
/// </summary>
internal sealed partial class OutboxDispatcher(
    TelemetryDbContext db,
    TelemetryDatabase database,
    IServiceScopeFactory scopes,
    IOptions<TelemetryOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    public const int BatchSize = 200;
    public const int MaxErrorLength = 2_000;

    /// <summary>The next attempt of a parked message: never, until an operator sets <c>next_attempt_at</c> again.</summary>
    public static readonly DateTime ParkedUntil = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public const string ParkedPrefix = "Parked, payload cannot be read: ";

    public async Task<int> DispatchPendingAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        // PostgreSQL: the transaction holds the advisory lock that keeps one dispatcher per cluster. SQLite (one
        // process) runs without it: a transaction left open across delivery would hold SQLite's file lock and block
        // every subscriber that writes to the same database. Delivery stays at least once either way.
        await using var transaction = database.IsPostgres ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (database.IsPostgres
            && !await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(7465010002) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return 0;
        }

        var pending = await db.Outbox
            .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= nowUtc)
            .OrderBy(m => m.OccurredAt).ThenBy(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var delivered = 0;
        foreach (var message in pending)
        {
            TelemetryEvent e;
            try
            {
                e = OutboxSerializer.FromMessage(message.Type, message.Payload);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Decoding is pure: what fails now fails on every retry, so the message is set aside, not retried.
                message.Attempts++;
                message.NextAttemptAt = ParkedUntil;
                var reason = ParkedPrefix + ex.Message;
                message.LastError = reason.Length > MaxErrorLength ? reason[..MaxErrorLength] : reason;
                LogParked(logger, message.Id, message.Type, ex);
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var subscriber in scope.ServiceProvider.GetServices<ITelemetryEventSubscriber>())
                {
                    await subscriber.HandleAsync(e, cancellationToken);
                }

                message.DeliveredAt = nowUtc;
                message.LastError = null;
                delivered++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.NextAttemptAt = nowUtc + Backoff(message.Attempts);
                message.LastError = ex.Message.Length > MaxErrorLength ? ex.Message[..MaxErrorLength] : ex.Message;
                LogDeliveryFailed(logger, message.Id, message.Type, message.Attempts, ex);

                // Keep order per stream simple: stop at the first failure and retry it first next time.
                break;
            }
        }

        if (database.IsPostgres)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction!.CommitAsync(cancellationToken);
        }
        else if (pending.Count > 0)
        {
            // SQLite: commit the marks as the ingest writer commits (synchronous=NORMAL unless
            // Telemetry:SqliteSynchronousFull): no fsync of the whole WAL while this connection holds the database's
            // write lock, stalling the ingest writer. A power cut can lose the marks, never the messages: they are
            // delivered again (at least once either way).
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync(options.Value.SqliteSynchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return delivered;
    }

    /// <summary>
    /// Retention: deletes messages delivered before <paramref name="nowUtc"/> minus <paramref name="retention"/>
    /// (undelivered ones are kept however old); returns how many were deleted.
    /// </summary>
    public Task<int> PurgeDeliveredAsync(DateTime nowUtc, TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = nowUtc - retention;
        return db.Outbox.Where(m => m.DeliveredAt != null && m.DeliveredAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 9))));

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry outbox message {MessageId} ({Type}) parked: its payload cannot be read; later messages are still delivered")]
    private static partial void LogParked(ILogger logger, Guid messageId, string type, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry outbox message {MessageId} ({Type}) failed delivery attempt {Attempts}")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid messageId, string type, int attempts, Exception exception);
}
