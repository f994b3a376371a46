using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>
/// PostgreSQL: <c>telemetry_readings</c> is range-partitioned by UTC month. The migrator creates the months of the
/// accepted window (the reading horizon back, three months ahead); ingest creates a month it has not seen on demand,
/// so readings of a new month are stored in their own partition and never fail for want of one.
/// </summary>
public sealed class ReadingPartitionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();

    private static Actor DeviceActor(TelemetryDevice device) =>
        new(ActorKind.Device, device.DeviceId.Value, device.Name, device.OrganisationId, null, [], null);

    private static IncomingReading R(TelemetryDevice device, string metric, DateTime ts, double value) =>
        new(device.DeviceId.Value, metric, ts, value, null, null);

    private const string PartitionsSql = """
        SELECT c.relname, pg_get_expr(c.relpartbound, c.oid)
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'telemetry.telemetry_readings'::regclass
        ORDER BY c.relname
        """;

    [Fact]
    public async Task Readings_ArePartitionedByMonth_AndANewMonthGetsItsPartitionOnIngest()
    {
        await using var host = await TelemetryTestHost.StartAsync("postgres", Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var database = host.Services.GetRequiredService<TelemetryDatabase>();

        // The parent is a range-partitioned table on ts, with no default partition.
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        {
            await using var strategy = new NpgsqlCommand("""
                SELECT p.partstrat::text, a.attname, p.partdefid::int
                FROM pg_partitioned_table p
                JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
                WHERE p.partrelid = 'telemetry.telemetry_readings'::regclass
                """, connection);
            await using var reader = await strategy.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "telemetry_readings is not a partitioned table");
            Assert.Equal(("r", "ts", 0), (reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        // Migrated on 2026-11-21 with a 30-day horizon: October 2026 through February 2027 (three months ahead).
        var initial = await PartitionsAsync(database);
        Assert.Equal(
            ["telemetry_readings_y2026m10", "telemetry_readings_y2026m11", "telemetry_readings_y2026m12", "telemetry_readings_y2027m01", "telemetry_readings_y2027m02"],
            initial.Keys);
        Assert.Equal("FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')", initial["telemetry_readings_y2026m11"]);

        // Five months later, at a month boundary, without the maintenance job having run: neither April nor May 2027
        // has a partition. One batch straddles the two months (UTC).
        host.Clock.Now = new DateTimeOffset(2027, 5, 1, 0, 1, 0, TimeSpan.Zero);
        var april = new DateTime(2027, 4, 30, 23, 59, 0, DateTimeKind.Utc);
        var batch = Enumerable.Range(0, 60).Select(i => R(cabinet, MetricCodes.Weight, april.AddSeconds(i * 2), 10 + i)).ToArray();
        var outcome = await host.Services.GetRequiredService<IngestService>().IngestAsync(DeviceActor(cabinet), batch, CancellationToken.None);

        Assert.Empty(outcome.Rejected);
        Assert.Equal((60, 0), (outcome.Accepted, outcome.Duplicates));
        var after = await PartitionsAsync(database);
        Assert.Equal("FOR VALUES FROM ('2027-04-01 00:00:00+00') TO ('2027-05-01 00:00:00+00')", after["telemetry_readings_y2027m04"]);
        Assert.Equal("FOR VALUES FROM ('2027-05-01 00:00:00+00') TO ('2027-06-01 00:00:00+00')", after["telemetry_readings_y2027m05"]);
        Assert.False(after.ContainsKey("telemetry_readings_y2027m03"), "only the months that received readings are created on demand");

        // Each reading sits in its month's partition (30 before midnight UTC, 30 from midnight on).
        Assert.Equal(30, await CountAsync(database, "telemetry.telemetry_readings_y2027m04"));
        Assert.Equal(30, await CountAsync(database, "telemetry.telemetry_readings_y2027m05"));
        Assert.Equal(60, await host.WithDbAsync(db => db.Readings.CountAsync()));

        // Another instance (its own cache of known partitions) finds them existing and writes into them; a re-sent
        // batch is still recognised across the two partitions.
        await using var second = host.NewInstance();
        var again = await second.GetRequiredService<IngestService>().IngestAsync(DeviceActor(cabinet), batch, CancellationToken.None);
        Assert.Equal((0, 60), (again.Accepted, again.Duplicates));
        Assert.Equal(60, await host.WithDbAsync(db => db.Readings.CountAsync()));
    }

    private static async Task<Dictionary<string, string>> PartitionsAsync(TelemetryDatabase database)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(PartitionsSql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var partitions = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            partitions[reader.GetString(0)] = reader.GetString(1);
        }

        return partitions;
    }

    private static async Task<long> CountAsync(TelemetryDatabase database, string table)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM ONLY {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
