using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;

namespace GreenIsland.Telemetry.Tests;

public sealed class SqliteReadingLogTests
{
    private static readonly DateTime T0 = new(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Encode_Decode_RoundTripsEveryField()
    {
        var a = Guid.Parse("0b7e3c1a-5d2f-4e89-a1b2-c3d4e5f60718");
        var b = Guid.Parse("ff000000-0000-4000-8000-000000000001");
        ValidReading[] readings =
        [
            new(0, a, 3, T0.AddTicks(1_234_560), -12.5, null),
            new(1, b, 7, T0, 999_950, 42),
            new(2, a, 1, T0.AddDays(-29), double.MaxValue, long.MinValue),
        ];

        var payload = SqliteReadingLog.Encode(readings);
        Assert.Equal(1 + (3 * SqliteReadingLog.RecordSize), payload.Length);
        var decoded = new List<SqliteReadingLog.Entry>();
        SqliteReadingLog.Decode(payload, decoded);

        Assert.Equal(3, decoded.Count);
        for (var i = 0; i < readings.Length; i++)
        {
            var (r, e) = (readings[i], decoded[i]);
            var device = new byte[16];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(device, e.DeviceHigh);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(device.AsSpan(8), e.DeviceLow);
            Assert.Equal(SqliteReadingKey.DeviceBytes(r.DeviceId), device);
            Assert.Equal(r.MetricId, e.MetricId);
            Assert.Equal(SqliteReadingKey.Micros(r.TimestampUtc), e.Micros);
            Assert.Equal(r.Value, e.Value);
            Assert.Equal(r.Sequence, e.HasSequence ? e.Sequence : null);
        }
    }

    [Fact]
    public void Encode_OnlyTheIncludedReadings()
    {
        ValidReading[] readings = [new(0, Guid.NewGuid(), 3, T0, 1, null), new(1, Guid.NewGuid(), 3, T0, 2, null), new(2, Guid.NewGuid(), 3, T0, 3, null)];
        var decoded = new List<SqliteReadingLog.Entry>();
        SqliteReadingLog.Decode(SqliteReadingLog.Encode(readings, r => r.Value != 2, 2), decoded);
        Assert.Equal([1.0, 3.0], decoded.Select(e => e.Value));
        Assert.Throws<ArgumentException>(() => SqliteReadingLog.Encode(readings, r => r.Value != 2, 3));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2 })]
    [InlineData(new byte[] { 1, 0, 0 })]
    public void Decode_RefusesAnUnknownPayload(byte[] payload) =>
        Assert.Throws<InvalidDataException>(() => SqliteReadingLog.Decode(payload, []));
}
