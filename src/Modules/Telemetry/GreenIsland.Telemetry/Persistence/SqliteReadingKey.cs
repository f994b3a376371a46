using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GreenIsland.Telemetry.Persistence;

/// <summary>
/// How <c>telemetry_readings</c> stores its key on SQLite (ADR 0012): the device as its 16 GUID bytes in RFC 4122
/// (big-endian) order, the instant as whole microseconds since the Unix epoch (UTC). About 40 bytes a row in one
/// <c>WITHOUT ROWID</c> b-tree, instead of 36- and 27-character texts in a rowid table plus a key index.
/// </summary>
internal static class SqliteReadingKey
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    public static byte[] DeviceBytes(Guid deviceId) => deviceId.ToByteArray(bigEndian: true);

    public static void WriteDevice(Guid deviceId, Span<byte> destination)
    {
        if (!deviceId.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new ArgumentException("16 bytes are needed", nameof(destination));
        }
    }

    public static Guid Device(byte[] bytes) => new(bytes, bigEndian: true);

    /// <summary>
    /// Microseconds since the epoch. Readings are normalised to whole microseconds; a query bound with a finer
    /// fraction is rounded up, which keeps <c>ts &gt;= from</c> and <c>ts &lt; to</c> exact.
    /// </summary>
    public static long Micros(DateTime instant)
    {
        var utc = instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : instant;
        var ticks = utc.Ticks - EpochTicks;
        return (ticks / 10) + (ticks % 10 > 0 ? 1 : 0);
    }

    public static DateTime Instant(long micros) => new(EpochTicks + (micros * 10), DateTimeKind.Utc);

    internal sealed class DeviceConverter() : ValueConverter<DeviceId, byte[]>(id => DeviceBytes(id.Value), bytes => DeviceId.From(Device(bytes)));

    internal sealed class InstantConverter() : ValueConverter<DateTime, long>(instant => Micros(instant), micros => Instant(micros));
}
