using System.Buffers;
using System.Buffers.Binary;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// Encodes readings in PostgreSQL's binary <c>COPY</c> format (header, one tuple per reading, trailer) for
/// <c>telemetry_readings (device_id uuid, metric_id smallint, ts timestamptz, value float8, seq int8)</c>. Written
/// straight into one buffer, it costs a few nanoseconds per value instead of a typed write call per value.
/// </summary>
internal static class PgCopyEncoder
{
    private const int MaxTupleSize = 2 + (4 + 16) + (4 + 2) + (4 + 8) + (4 + 8) + (4 + 8);

    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>Bytes of the file header (signature, flags, extension length) before the first tuple.</summary>
    public const int HeaderLength = 19;

    /// <summary>Bytes of the file trailer (-1 as int16) after the last tuple.</summary>
    public const int TrailerLength = 2;

    public static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    public static ReadOnlySpan<byte> Trailer => [0xFF, 0xFF];

    /// <summary>
    /// A rented buffer holding the encoded readings (header, tuples, trailer); return it with
    /// <see cref="ArrayPool{T}.Shared"/>. The tuples alone are <c>[HeaderLength, Length - TrailerLength)</c>, so the
    /// encodings of several batches can be sent as one <c>COPY</c> with one header and one trailer.
    /// </summary>
    public static (byte[] Buffer, int Length) Encode(IReadOnlyList<ValidReading> readings) => Encode(readings, null);

    /// <summary>
    /// As <see cref="Encode(IReadOnlyList{ValidReading})"/>, the tuples grouped by series (device, metric) in the order
    /// each series first appears, each series by timestamp. The readings' primary key is (device, metric, ts): a batch
    /// arrives by timestamp (every series' reading of one instant, then the next instant), so in arrival order each
    /// tuple's index insert lands on another leaf; grouped, a series' readings go into the same leaf one after another,
    /// while its path through the index is still in the CPU's caches.
    /// </summary>
    public static (byte[] Buffer, int Length) EncodeBySeries(IReadOnlyList<ValidReading> readings) =>
        EncodeBySeries(readings, BatchSeries.Of(readings));

    /// <summary>As <see cref="EncodeBySeries(IReadOnlyList{ValidReading})"/>, with the series of the readings found already (s7-host).</summary>
    public static (byte[] Buffer, int Length) EncodeBySeries(IReadOnlyList<ValidReading> readings, BatchSeries series)
    {
        var order = series.GroupedOrder(readings);
        try
        {
            return Encode(readings, order);
        }
        finally
        {
            if (order is not null)
            {
                ArrayPool<int>.Shared.Return(order);
            }
        }
    }

    /// <summary>
    /// The indices of <paramref name="readings"/> (a rented array, at least as long) grouped by series in order of first appearance, stable within a series
    /// and sorted by timestamp there; null when every reading is its own series or the readings already are in that order.
    /// </summary>
    internal static int[]? SeriesOrder(IReadOnlyList<ValidReading> readings) => BatchSeries.Of(readings).GroupedOrder(readings);

    private static (byte[] Buffer, int Length) Encode(IReadOnlyList<ValidReading> readings, int[]? order)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Header.Length + (readings.Count * MaxTupleSize) + 2);
        var span = buffer.AsSpan();
        Header.CopyTo(span);
        var at = Header.Length;
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[order is null ? i : order[i]];
            BinaryPrimitives.WriteInt16BigEndian(span[at..], 5);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 2)..], 16);
            r.DeviceId.TryWriteBytes(span[(at + 6)..], bigEndian: true, out _);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 22)..], 2);
            BinaryPrimitives.WriteInt16BigEndian(span[(at + 26)..], r.MetricId);
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 28)..], 8);
            BinaryPrimitives.WriteInt64BigEndian(span[(at + 32)..], (r.TimestampUtc.Ticks - PostgresEpochTicks) / 10); // microseconds
            BinaryPrimitives.WriteInt32BigEndian(span[(at + 40)..], 8);
            BinaryPrimitives.WriteDoubleBigEndian(span[(at + 44)..], r.Value);
            if (r.Sequence is { } seq)
            {
                BinaryPrimitives.WriteInt32BigEndian(span[(at + 52)..], 8);
                BinaryPrimitives.WriteInt64BigEndian(span[(at + 56)..], seq);
                at += 64;
            }
            else
            {
                BinaryPrimitives.WriteInt32BigEndian(span[(at + 52)..], -1);
                at += 56;
            }
        }

        BinaryPrimitives.WriteInt16BigEndian(span[at..], -1);
        return (buffer, at + 2);
    }
}
