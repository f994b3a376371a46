using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;

namespace GreenIsland.Telemetry.Tests;

public sealed class PgCopyEncoderTests
{
    private static readonly DateTime T0 = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid A = Guid.Parse("0195a3b0-0000-7000-8000-00000000000a");
    private static readonly Guid B = Guid.Parse("0195a3b0-0000-7000-8000-00000000000b");

    private static ValidReading R(int index, Guid device, short metric, int second, double value, long? seq = null) =>
        new(index, device, metric, T0.AddSeconds(second), value, seq);

    [Fact]
    public void EncodeBySeries_GroupsEachSeriesInFirstAppearanceOrder_SortedByTime_WithTheSameTuples()
    {
        // As gateways send them: every series at one instant, then the next instant; one series out of time order.
        List<ValidReading> readings =
        [
            R(0, A, 1, 0, 0.1), R(1, A, 2, 0, 20), R(2, B, 1, 0, 0.5, 7),
            R(3, A, 1, 1, 0.2), R(4, A, 2, 1, 21), R(5, B, 1, 2, 0.6, 9),
            R(6, A, 1, 2, 0.3), R(7, A, 2, 2, 22), R(8, B, 1, 1, 0.55, 8),
        ];
        List<ValidReading> expected =
        [
            readings[0], readings[3], readings[6],
            readings[1], readings[4], readings[7],
            readings[2], readings[8], readings[5],
        ];

        Assert.Equal(Bytes(PgCopyEncoder.Encode(expected)), Bytes(PgCopyEncoder.EncodeBySeries(readings)));
    }

    [Fact]
    public void EncodeBySeries_KeepsReadingsThatAreGroupedAlready_OrAllOfDistinctSeries()
    {
        List<ValidReading> grouped = [R(0, A, 1, 0, 1), R(1, A, 1, 1, 2), R(2, B, 1, 0, 3), R(3, B, 1, 5, 4)];
        List<ValidReading> distinct = [R(0, B, 1, 0, 1), R(1, A, 1, 0, 2), R(2, A, 2, 0, 3)];

        Assert.Null(PgCopyEncoder.SeriesOrder(grouped));
        Assert.Null(PgCopyEncoder.SeriesOrder(distinct));
        Assert.Equal(Bytes(PgCopyEncoder.Encode(grouped)), Bytes(PgCopyEncoder.EncodeBySeries(grouped)));
        Assert.Equal(Bytes(PgCopyEncoder.Encode(distinct)), Bytes(PgCopyEncoder.EncodeBySeries(distinct)));
    }

    private static byte[] Bytes((byte[] Buffer, int Length) encoded)
    {
        var bytes = encoded.Buffer.AsSpan(0, encoded.Length).ToArray();
        System.Buffers.ArrayPool<byte>.Shared.Return(encoded.Buffer);
        return bytes;
    }
}
