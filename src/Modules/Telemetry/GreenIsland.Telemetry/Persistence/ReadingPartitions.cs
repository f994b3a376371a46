using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace GreenIsland.Telemetry.Persistence;

/// <summary>
/// Monthly partitions of <c>telemetry.telemetry_readings</c> on PostgreSQL (UTC months). Created ahead by the
/// maintenance job and, as a safety net, on demand by ingest for a month it has not seen yet, so an insert
/// never fails for want of a partition. There is deliberately no DEFAULT partition: rows in it would block
/// creating the proper month later.
/// </summary>
internal sealed class ReadingPartitions
{
    private readonly ConcurrentDictionary<DateTime, bool> known = new();

    public static string PartitionName(DateTime monthStart) =>
        string.Create(CultureInfo.InvariantCulture, $"{TelemetryDbContext.ReadingsTable}_y{monthStart:yyyy}m{monthStart:MM}");

    public static DateTime MonthOf(DateTime utc) => new(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc);

    public bool IsKnown(DateTime monthStart) => known.ContainsKey(monthStart);

    public async Task EnsureAsync(NpgsqlConnection connection, IEnumerable<DateTime> months, CancellationToken cancellationToken)
    {
        foreach (var month in months.Select(MonthOf).Distinct().Order())
        {
            if (known.ContainsKey(month))
            {
                continue;
            }

            var next = month.AddMonths(1);
            var sql = string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TABLE IF NOT EXISTS {TelemetryDbContext.Module}.{PartitionName(month)}
                PARTITION OF {TelemetryDbContext.Module}.{TelemetryDbContext.ReadingsTable}
                FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00') TO ('{next:yyyy-MM-dd} 00:00:00+00')
                """);
            await using var command = new NpgsqlCommand(sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.UniqueViolation)
            {
                // Another instance created it concurrently.
            }

            known[month] = true;
        }
    }

    /// <summary>Months from <paramref name="fromUtc"/> through <paramref name="monthsAhead"/> months after <paramref name="nowUtc"/>.</summary>
    public static IEnumerable<DateTime> Window(DateTime fromUtc, DateTime nowUtc, int monthsAhead)
    {
        for (var month = MonthOf(fromUtc); month <= MonthOf(nowUtc).AddMonths(monthsAhead); month = month.AddMonths(1))
        {
            yield return month;
        }
    }
}
