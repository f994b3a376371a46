using System.Data;
using System.Text.Json;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GreenIsland.Telemetry.Outbox;

/// <summary>
/// Delivers committed outbox messages to every <see cref="ITelemetryEventSubscriber"/>, oldest first, and marks
/// them delivered only afterwards: a crash between commit and delivery (or during it) leaves the message
/// undelivered, and the next run delivers it. At least once; subscribers dedupe on the event id.
/// A message whose payload cannot be read (say, written by a newer version before a rollback) is parked instead:
/// it stays undelivered with <see cref="ParkedUntil"/> as its next attempt and the reason in <c>last_error</c>, is
/// logged as an error, and the messages after it are still delivered. Retrying it would fail the same way forever.
/// </summary>
/// <remarks>
/// One round: one set-based read of up to <see cref="BatchSize"/> due messages (plain SQL, nothing tracked), one DI
/// scope in which every subscriber receives the decodable ones in order (<see cref="ITelemetryEventSubscriber.HandleBatchAsync"/>),
/// then one statement marking the delivered ones. The first event a subscriber fails on stops the round: it is
/// retried with back-off, the events after it stay due as they were, exactly as when events were delivered one by one.
/// </remarks>
internal sealed partial class OutboxDispatcher(
    TelemetryDbContext db,
    TelemetryDatabase database,
    IReadingStore store,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<TelemetryOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    public const int BatchSize = 200;
    public const int MaxErrorLength = 2_000;

    /// <summary>The next attempt of a parked message: never, until an operator sets <c>next_attempt_at</c> again.</summary>
    public static readonly DateTime ParkedUntil = new(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc);

    public const string ParkedPrefix = "Parked, payload cannot be read: ";

    /// <summary>Keeps one dispatcher per PostgreSQL cluster at a time (an arbitrary constant).</summary>
    private const long DispatchLockKey = 7465010002;

    private const string Schema = TelemetryDbContext.Module;

    private const string DueSql = $"""
        SELECT id, type, payload, attempts FROM {Schema}.{TelemetryDbContext.OutboxTable}
        WHERE delivered_at IS NULL AND next_attempt_at <= @now
        ORDER BY occurred_at, id
        LIMIT @limit
        """;

    private const string MarkDeliveredSql = $"""
        UPDATE {Schema}.{TelemetryDbContext.OutboxTable} SET delivered_at = @at, last_error = NULL WHERE id = ANY(@ids)
        """;

    private const string MarkAttemptSql = $"""
        UPDATE {Schema}.{TelemetryDbContext.OutboxTable} SET attempts = @attempts, next_attempt_at = @next, last_error = @error WHERE id = @id
        """;

    private const string SqliteDueSql = $"""
        SELECT id, type, payload, attempts FROM {TelemetryDbContext.OutboxTable}
        WHERE delivered_at IS NULL AND next_attempt_at <= $now
        ORDER BY occurred_at, id
        LIMIT $limit
        """;

    private const string SqliteMarkDeliveredSql = $"""
        UPDATE {TelemetryDbContext.OutboxTable} SET delivered_at = $at, last_error = NULL
        WHERE id IN (SELECT value FROM json_each($ids))
        """;

    private const string SqliteMarkAttemptSql = $"""
        UPDATE {TelemetryDbContext.OutboxTable} SET attempts = $attempts, next_attempt_at = $next, last_error = $error WHERE id = $id
        """;

    /// <summary>Delivers the messages due at <paramref name="nowUtc"/> (one round); returns how many were delivered.</summary>
    public async Task<int> DispatchPendingAsync(DateTime nowUtc, CancellationToken cancellationToken) =>
        (await DispatchRoundAsync(nowUtc, cancellationToken)).Delivered;

    /// <summary>One round: what was due, what was delivered, and whether a failure stopped it.</summary>
    internal async Task<DispatchRound> DispatchRoundAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        nowUtc = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        return database.IsPostgres
            ? await DispatchPostgresAsync(nowUtc, cancellationToken)
            : await DispatchSqliteAsync(nowUtc, cancellationToken);
    }

    /// <summary>
    /// PostgreSQL: the round runs in a transaction holding the advisory lock that keeps one dispatcher per cluster
    /// (another instance's round in progress: this one does nothing), on the module's raw connections.
    /// </summary>
    private async Task<DispatchRound> DispatchPostgresAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@k)", connection))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long>("k", DispatchLockKey));
            if (await lockCommand.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return default;
            }
        }

        var due = new List<Due>();
        await using (var read = new NpgsqlCommand(DueSql, connection))
        {
            read.Parameters.Add(new NpgsqlParameter<DateTime>("now", nowUtc));
            read.Parameters.Add(new NpgsqlParameter<int>("limit", BatchSize));
            await using var reader = await read.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                due.Add(new Due(id, id, reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
            }
        }

        var outcome = await DeliverAsync(due, cancellationToken);
        var deliveredAt = nowUtc + clock.GetElapsedTime(started);
        await using (var marks = new NpgsqlBatch(connection))
        {
            if (outcome.Delivered.Count > 0)
            {
                var command = new NpgsqlBatchCommand(MarkDeliveredSql);
                command.Parameters.Add(new NpgsqlParameter<DateTime>("at", deliveredAt));
                command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. outcome.Delivered.Select(d => d.Id)]));
                marks.BatchCommands.Add(command);
            }

            foreach (var (message, attempts, next, error) in outcome.Attempts(nowUtc))
            {
                var command = new NpgsqlBatchCommand(MarkAttemptSql);
                command.Parameters.Add(new NpgsqlParameter<int>("attempts", attempts));
                command.Parameters.Add(new NpgsqlParameter<DateTime>("next", next));
                command.Parameters.Add(new NpgsqlParameter<string>("error", error));
                command.Parameters.Add(new NpgsqlParameter<Guid>("id", message.Id));
                marks.BatchCommands.Add(command);
            }

            if (marks.BatchCommands.Count > 0)
            {
                await marks.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return outcome.Round(due.Count);
    }

    /// <summary>
    /// SQLite (one process): no lock across delivery - a transaction left open while subscribers run would hold
    /// SQLite's file lock and block every subscriber that writes to the same database (and the ingest writer). The
    /// due messages are read outside any transaction and the marks written in one short transaction afterwards,
    /// committed as the ingest writer commits (<c>synchronous=NORMAL</c> unless <c>Telemetry:SqliteSynchronousFull</c>):
    /// no fsync of the whole WAL while this connection holds the write lock. A power cut can lose the marks, never the
    /// messages: they are delivered again (at least once either way).
    /// </summary>
    private async Task<DispatchRound> DispatchSqliteAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var due = new List<Due>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = SqliteDueSql;
                read.Parameters.Add("$now", SqliteType.Text).Value = nowUtc;
                read.Parameters.Add("$limit", SqliteType.Integer).Value = BatchSize;
                await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var key = reader.GetString(0);
                    due.Add(new Due(key, Guid.Parse(key), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
                }
            }

            if (due.Count == 0)
            {
                return default;
            }

            var outcome = await DeliverAsync(due, cancellationToken);
            var deliveredAt = nowUtc + clock.GetElapsedTime(started);
            var attempts = outcome.Attempts(nowUtc).ToList();
            if (outcome.Delivered.Count == 0 && attempts.Count == 0)
            {
                return outcome.Round(due.Count);
            }

            if (store is SqliteReadingStore writer)
            {
                // This process's ingest writer: the marks queue behind its transactions in process (no busy waits).
                await writer.WriteExclusiveAsync((c, t) => Mark(c, t, outcome.Delivered, deliveredAt, attempts), cancellationToken);
                return outcome.Round(due.Count);
            }

            // busy_timeout: SQLite's own busy handler (sleeps of 1, 2, 5, 10 ms ...) gets the write lock between the
            // ingest writer's commits; without it the driver retries a busy BEGIN only every 150 ms, and under load
            // the marks (so the next round) waited seconds.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = (options.Value.SqliteSynchronousFull ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;") + " PRAGMA busy_timeout=10000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
            {
                Mark(connection, transaction, outcome.Delivered, deliveredAt, attempts);
                await transaction.CommitAsync(cancellationToken);
            }

            return outcome.Round(due.Count);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The SQLite marks of one round, in the caller's write transaction.</summary>
    private static void Mark(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<Due> delivered, DateTime deliveredAt,
        List<(Due Message, int Attempts, DateTime Next, string Error)> attempts)
    {
        if (delivered.Count > 0)
        {
            using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = SqliteMarkDeliveredSql;
            mark.Parameters.Add("$at", SqliteType.Text).Value = deliveredAt;
            mark.Parameters.Add("$ids", SqliteType.Text).Value = JsonSerializer.Serialize(delivered.Select(d => (string)d.Key).ToList(), OutboxJsonContext.Default.ListString);
            mark.ExecuteNonQuery();
        }

        foreach (var (message, count, next, error) in attempts)
        {
            using var mark = connection.CreateCommand();
            mark.Transaction = transaction;
            mark.CommandText = SqliteMarkAttemptSql;
            mark.Parameters.Add("$attempts", SqliteType.Integer).Value = count;
            mark.Parameters.Add("$next", SqliteType.Text).Value = next;
            mark.Parameters.Add("$error", SqliteType.Text).Value = error;
            mark.Parameters.Add("$id", SqliteType.Text).Value = (string)message.Key;
            mark.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Decodes the round's messages (an unreadable one is parked), hands the events to every subscriber in one DI
    /// scope, and works out what to mark: the events every subscriber handled are delivered; the first one a
    /// subscriber failed on is retried later; parked messages before it are parked; everything after it stays as it was.
    /// </summary>
    private async Task<Outcome> DeliverAsync(IReadOnlyList<Due> due, CancellationToken cancellationToken)
    {
        var events = new List<TelemetryEvent>(due.Count);
        var positions = new List<int>(due.Count);
        var unreadable = new List<(int Position, string Reason)>();
        for (var i = 0; i < due.Count; i++)
        {
            try
            {
                events.Add(OutboxSerializer.FromMessage(due[i].Type, due[i].Payload));
                positions.Add(i);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Decoding is pure: what fails now fails on every retry, so the message is set aside, not retried.
                unreadable.Add((i, Truncate(ParkedPrefix + ex.Message)));
                LogParked(logger, due[i].Id, due[i].Type, ex);
            }
        }

        var handled = events.Count;
        Exception? failure = null;
        if (events.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            foreach (var subscriber in scope.ServiceProvider.GetServices<ITelemetryEventSubscriber>())
            {
                IReadOnlyList<TelemetryEvent> offered = handled == events.Count ? events : events.GetRange(0, handled);
                TelemetryBatchResult result;
                try
                {
                    result = await subscriber.HandleBatchAsync(offered, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    result = TelemetryBatchResult.FailedAt(0, ex);
                }

                if (result.Failure is not null || result.Handled < offered.Count)
                {
                    handled = Math.Clamp(result.Handled, 0, offered.Count - 1);
                    failure = result.Failure ?? new InvalidOperationException(
                        $"{subscriber.GetType().Name} handled {result.Handled} of {offered.Count} events without saying why it stopped.");
                }

                if (handled == 0)
                {
                    break;
                }
            }
        }

        // Stop at the first failure, as one-by-one delivery did: nothing after it is touched in this round.
        var stop = failure is null ? due.Count : positions[handled];
        (Due Message, string Error)? failed = null;
        if (failure is not null)
        {
            failed = (due[stop], Truncate(failure.Message));
            LogDeliveryFailed(logger, due[stop].Id, due[stop].Type, due[stop].Attempts + 1, failure);
        }

        return new Outcome(
            [.. positions.Take(handled).Select(p => due[p])],
            [.. unreadable.Where(u => u.Position < stop).Select(u => (due[u.Position], u.Reason))],
            failed);
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

    private static string Truncate(string error) => error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry outbox message {MessageId} ({Type}) parked: its payload cannot be read; later messages are still delivered")]
    private static partial void LogParked(ILogger logger, Guid messageId, string type, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry outbox message {MessageId} ({Type}) failed delivery attempt {Attempts}")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid messageId, string type, int attempts, Exception exception);

    /// <summary>A due message as read (<see cref="Key"/>: the id as the provider stores it).</summary>
    private sealed record Due(object Key, Guid Id, string Type, string Payload, int Attempts);

    private sealed record Outcome(IReadOnlyList<Due> Delivered, IReadOnlyList<(Due Message, string Reason)> Parked, (Due Message, string Error)? Failed)
    {
        /// <summary>The attempt counters, next attempts and errors to write: parked messages, then the failed one.</summary>
        public IEnumerable<(Due Message, int Attempts, DateTime Next, string Error)> Attempts(DateTime nowUtc)
        {
            foreach (var (message, reason) in Parked)
            {
                yield return (message, message.Attempts + 1, ParkedUntil, reason);
            }

            if (Failed is { } f)
            {
                yield return (f.Message, f.Message.Attempts + 1, nowUtc + Backoff(f.Message.Attempts + 1), f.Error);
            }
        }

        public DispatchRound Round(int loaded) => new(loaded, Delivered.Count, Failed is not null);
    }
}

/// <summary>What one dispatch round did.</summary>
/// <param name="Loaded">Due messages read (at most <see cref="OutboxDispatcher.BatchSize"/>).</param>
/// <param name="Delivered">Messages delivered to every subscriber and marked.</param>
/// <param name="Failed">A subscriber failed on a message (retried later with back-off).</param>
internal readonly record struct DispatchRound(int Loaded, int Delivered, bool Failed)
{
    /// <summary>The round was full and nothing failed: more messages are probably due now.</summary>
    public bool MoreDue => !Failed && Loaded == OutboxDispatcher.BatchSize;
}
