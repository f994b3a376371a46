using GreenIsland.Telemetry.Persistence;
using GreenIsland.Telemetry.Persistence.Migrations;
using Microsoft.Data.Sqlite;

namespace GreenIsland.Telemetry.Tests;

public sealed class SqliteReadingKeyTests
{
    private static readonly Guid Device = Guid.Parse("0b7e3c1a-5d2f-4e89-a1b2-c3d4e5f60718");

    public static TheoryData<DateTime> Instants => new()
    {
        new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc),
        new DateTime(2026, 11, 21, 8, 30, 5, DateTimeKind.Utc).AddTicks(1_234_560),
        new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(5_000_000),
        new DateTime(2025, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Micros_RoundTripsMicrosecondInstants(DateTime instant) =>
        Assert.Equal(instant, SqliteReadingKey.Instant(SqliteReadingKey.Micros(instant)));

    [Fact]
    public void Micros_RoundsASubMicrosecondBoundUp()
    {
        var t = new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc);
        Assert.Equal(SqliteReadingKey.Micros(t) + 1, SqliteReadingKey.Micros(t.AddTicks(3)));
    }

    [Fact]
    public void DeviceBytes_AreTheGuidInRfcOrder()
    {
        Assert.Equal(Convert.FromHexString("0B7E3C1A5D2F4E89A1B2C3D4E5F60718"), SqliteReadingKey.DeviceBytes(Device));
        Assert.Equal(Device, SqliteReadingKey.Device(SqliteReadingKey.DeviceBytes(Device)));
    }

    /// <summary>Rows as the text-keyed table stored them (Microsoft.Data.Sqlite's text for a GUID and an instant).</summary>
    [Theory]
    [MemberData(nameof(Instants))]
    public void Migration_ConvertsTextKeyedRowsAndBack(DateTime instant)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, """
            CREATE TABLE telemetry_readings (device_id TEXT NOT NULL, metric_id INTEGER NOT NULL, ts TEXT NOT NULL, value REAL NOT NULL,
                seq INTEGER NULL, CONSTRAINT pk_telemetry_readings PRIMARY KEY (device_id, metric_id, ts));
            """);
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO telemetry_readings VALUES ($d, 3, $t, 0.25, 7)";
            insert.Parameters.Add("$d", SqliteType.Text).Value = Device;
            insert.Parameters.Add("$t", SqliteType.Text).Value = instant;
            insert.ExecuteNonQuery();
        }

        var text = Row(connection);
        Execute(connection, CompactSqliteReadings.UpSql);
        var compact = Row(connection);
        Assert.Equal(SqliteReadingKey.DeviceBytes(Device), (byte[])compact.Device);
        Assert.Equal(SqliteReadingKey.Micros(instant), (long)compact.Ts);
        Assert.Equal((3L, 0.25, 7L), (compact.Metric, compact.Value, compact.Seq));

        Execute(connection, CompactSqliteReadings.DownSql);
        Assert.Equal(text, Row(connection));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static (object Device, long Metric, object Ts, double Value, long Seq) Row(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_id, metric_id, ts, value, seq FROM telemetry_readings";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var row = (reader.GetValue(0), reader.GetInt64(1), reader.GetValue(2), reader.GetDouble(3), reader.GetInt64(4));
        Assert.False(reader.Read());
        return row;
    }
}
