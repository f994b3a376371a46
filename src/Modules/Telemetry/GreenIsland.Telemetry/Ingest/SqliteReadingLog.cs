using System.Buffers.Binary;
using System.Runtime.InteropServices;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The SQLite ingest log (ADR 0012 amendment, session 6): readings that are certainly new are acknowledged once they
/// are committed in <c>telemetry_ingest_log</c> - one row per batch, its readings in one blob (<see cref="Encode"/>) -
/// and folded into <c>telemetry_readings</c> later, many batches at a time, sorted by key
/// (<see cref="Fold"/>). A request's commit then writes ~12 pages (the blob) instead of rewriting one leaf of the
/// clustered table per series it touches (200-450 pages per 1,000 readings), and the fold rewrites each series' last
/// leaf once per fold instead of once per request.
/// <para>
/// "Certainly new": the writer keeps, per series (device, metric), the largest timestamp stored in the table or the
/// log (<see cref="Latest"/>, read from the table the first time a series is seen while the log holds none of its
/// readings). A series whose readings in a batch are all later than that goes to the log; any other reading goes
/// straight into the table with <c>INSERT .. ON CONFLICT DO NOTHING</c> as before (exact new/duplicate count) -
/// after the log is folded if it holds readings of that series. Cumulative metrics always go to the table: their
/// consumption is computed from the stored neighbours, which must be in the table.
/// </para>
/// <para>
/// The cache is only valid while this instance is the only writer: every write transaction checks the owner row
/// (<c>telemetry_ingest_writer</c>); if another writer (another process on the same file) took it, or a transaction
/// of this writer failed after changing the cache, the log is folded and the cache cleared first. Folding is always
/// safe (it moves committed readings; a crash leaves the log to the next fold). Everything here runs under the
/// store's writer lock, on the writer connection, inside the caller's transaction.
/// </para>
/// </summary>
internal sealed class SqliteReadingLog
{
    public const string Table = "telemetry_ingest_log";
    public const string OwnerTable = "telemetry_ingest_writer";

    /// <summary>Blob format version (first byte of every payload).</summary>
    public const byte FormatVersion = 1;

    /// <summary>Per reading: device key bytes (16), metric (2), microseconds (8), value (8), has-sequence (1), sequence (8).</summary>
    public const int RecordSize = 43;

    /// <summary>Log rows folded per statement round (each round's readings are sorted before they are inserted).</summary>
    public const int FoldRowsPerRound = 512;

    private const string AppendSql = $"INSERT INTO {Table} (readings, payload) VALUES ($n, $payload)";
    private const string TakeSql = $"SELECT id, payload FROM {Table} WHERE id > $after ORDER BY id LIMIT $limit";
    private const string LatestSql = $"SELECT max(ts) FROM {TelemetryDbContext.ReadingsTable} WHERE device_id = $d AND metric_id = $m";
    private const string OwnerSql = $"SELECT owner FROM {OwnerTable} WHERE id = 1";
    private const string TakeOwnershipSql = $"INSERT INTO {OwnerTable} (id, owner) VALUES (1, $owner) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner";

    /// <summary>Series cached beyond this are forgotten after a fold that empties the log (re-read on next use).</summary>
    private const int MaxCachedSeries = 1_000_000;

    private readonly byte[] owner = Guid.NewGuid().ToByteArray();

    /// <summary>Largest stored timestamp (microseconds) per series, table and log together; long.MinValue: none.</summary>
    private readonly Dictionary<(Guid DeviceId, short MetricId), long> latest = [];

    /// <summary>Series with readings in the log (a superset after a partial fold; cleared when the log is empty).</summary>
    private readonly HashSet<(Guid DeviceId, short MetricId)> inLog = [];

    private SqliteCommand? append;
    private SqliteCommand? latestQuery;
    private SqliteCommand? ownerQuery;

    /// <summary>False until this writer owns the log and its cache matches what is stored.</summary>
    private bool valid;

    /// <summary>Readings appended to the log and not folded yet (by this writer's count).</summary>
    public long PendingReadings { get; private set; }

    /// <summary>Forget everything cached (a transaction failed after changing it, or the connection was reset).</summary>
    public void Invalidate()
    {
        valid = false;
        append?.Dispose();
        latestQuery?.Dispose();
        ownerQuery?.Dispose();
        (append, latestQuery, ownerQuery) = (null, null, null);
    }

    /// <summary>
    /// At the start of every write transaction: if another writer took the log, or this one's cache is not known to
    /// match, fold the whole log, forget the cache and take ownership. Returns the readings folded.
    /// </summary>
    public long EnsureOwned(SqliteConnection connection, SqliteTransaction transaction, SqliteReadingStore.ReadingInserter inserter)
    {
        ownerQuery ??= SqliteReadingStore.Command(connection, transaction, OwnerSql);
        ownerQuery.Transaction = transaction;
        var current = ownerQuery.ExecuteScalar() as byte[];
        if (valid && current is not null && current.AsSpan().SequenceEqual(owner))
        {
            return 0;
        }

        var folded = Fold(connection, transaction, inserter, long.MaxValue).Readings;
        latest.Clear();
        using var take = SqliteReadingStore.Command(connection, transaction, TakeOwnershipSql, ("$owner", SqliteType.Blob));
        take.Parameters[0].Value = owner;
        take.ExecuteNonQuery();
        valid = true;
        return folded;
    }

    /// <summary>
    /// Forgets the cached series if there are many and the log is empty (then the table alone holds every stored
    /// reading, so re-reading a series' latest timestamp from it is exact). Only between transactions' routing.
    /// </summary>
    public void TrimCache()
    {
        if (inLog.Count == 0 && latest.Count > MaxCachedSeries)
        {
            latest.Clear();
        }
    }

    /// <summary>Whether the log holds readings of this series (may say yes after a partial fold).</summary>
    public bool Holds((Guid DeviceId, short MetricId) series) => inLog.Contains(series);

    /// <summary>The largest stored timestamp of a series (table or log), read from the table on first use.</summary>
    public long Latest(SqliteConnection connection, SqliteTransaction transaction, (Guid DeviceId, short MetricId) series)
    {
        if (latest.TryGetValue(series, out var known))
        {
            return known;
        }

        // Not cached, so not appended to the log since it was last empty: the table alone says.
        latestQuery ??= SqliteReadingStore.Command(connection, transaction, LatestSql, ("$d", SqliteType.Blob), ("$m", SqliteType.Integer));
        latestQuery.Transaction = transaction;
        latestQuery.Parameters[0].Value = SqliteReadingKey.DeviceBytes(series.DeviceId);
        latestQuery.Parameters[1].Value = series.MetricId;
        var value = latestQuery.ExecuteScalar() is long micros ? micros : long.MinValue;
        latest[series] = value;
        return value;
    }

    /// <summary>Records that readings up to <paramref name="micros"/> of a series are stored (table or log).</summary>
    public void Stored((Guid DeviceId, short MetricId) series, long micros)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(latest, series);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref slot) && micros > slot)
        {
            slot = micros;
        }
    }

    /// <summary>Appends one batch's readings (all certainly new) to the log.</summary>
    public void Append(SqliteConnection connection, SqliteTransaction transaction, byte[] payload, int readings,
        IEnumerable<(Guid DeviceId, short MetricId)> series)
    {
        append ??= SqliteReadingStore.Command(connection, transaction, AppendSql, ("$n", SqliteType.Integer), ("$payload", SqliteType.Blob));
        append.Transaction = transaction;
        append.Parameters[0].Value = readings;
        append.Parameters[1].Value = payload;
        append.ExecuteNonQuery();
        foreach (var s in series)
        {
            inLog.Add(s);
        }

        PendingReadings += readings;
    }

    /// <summary>
    /// Folds log rows (oldest first, at most <paramref name="maxRows"/>) into <c>telemetry_readings</c> and deletes
    /// them, in the caller's transaction. Each round of rows is decoded and sorted by key first. Returns the rows and
    /// readings folded, and the readings that were stored already (0 unless another writer bypassed the log's
    /// ownership: they are not inserted twice).
    /// </summary>
    public (long Rows, long Readings, long Conflicts) Fold(SqliteConnection connection, SqliteTransaction transaction,
        SqliteReadingStore.ReadingInserter inserter, long maxRows)
    {
        var (rows, readings, conflicts) = (0L, 0L, 0L);
        var after = 0L;
        var entries = new List<Entry>();
        using var take = SqliteReadingStore.Command(connection, transaction, TakeSql, ("$after", SqliteType.Integer), ("$limit", SqliteType.Integer));
        Span<byte> device = stackalloc byte[16];
        while (rows < maxRows)
        {
            entries.Clear();
            take.Parameters[0].Value = after;
            take.Parameters[1].Value = (int)Math.Min(FoldRowsPerRound, maxRows - rows);
            var round = 0;
            using (var reader = take.ExecuteReader())
            {
                while (reader.Read())
                {
                    after = reader.GetInt64(0);
                    Decode((byte[])reader.GetValue(1), entries);
                    round++;
                }
            }

            if (round == 0)
            {
                break;
            }

            var span = CollectionsMarshal.AsSpan(entries);
            span.Sort(default(EntryOrder));
            foreach (ref readonly var e in span)
            {
                BinaryPrimitives.WriteUInt64BigEndian(device, e.DeviceHigh);
                BinaryPrimitives.WriteUInt64BigEndian(device[8..], e.DeviceLow);
                if (!inserter.Insert(device, e.MetricId, e.Micros, e.Value, e.HasSequence ? e.Sequence : null))
                {
                    conflicts++;
                }
            }

            rows += round;
            readings += entries.Count;
            using var delete = SqliteReadingStore.Command(connection, transaction, $"DELETE FROM {Table} WHERE id <= $last", ("$last", SqliteType.Integer));
            delete.Parameters[0].Value = after;
            delete.ExecuteNonQuery();
            if (round < FoldRowsPerRound)
            {
                break;
            }
        }

        if (rows < maxRows)
        {
            // The log is empty (the caller holds the write lock, nothing was appended meanwhile).
            inLog.Clear();
            PendingReadings = 0;
        }
        else
        {
            PendingReadings = Math.Max(0, PendingReadings - readings);
        }

        return (rows, readings, conflicts);
    }

    /// <summary>Encodes readings (<paramref name="count"/> of them, picked by <paramref name="include"/>) as one log payload.</summary>
    public static byte[] Encode(IReadOnlyList<ValidReading> readings, Func<ValidReading, bool>? include = null, int? count = null)
    {
        var n = count ?? readings.Count;
        var payload = new byte[1 + (n * RecordSize)];
        payload[0] = FormatVersion;
        var offset = 1;
        foreach (var r in readings)
        {
            if (include is not null && !include(r))
            {
                continue;
            }

            var record = payload.AsSpan(offset, RecordSize);
            SqliteReadingKey.WriteDevice(r.DeviceId, record);
            BinaryPrimitives.WriteInt16LittleEndian(record[16..], r.MetricId);
            BinaryPrimitives.WriteInt64LittleEndian(record[18..], SqliteReadingKey.Micros(r.TimestampUtc));
            BinaryPrimitives.WriteDoubleLittleEndian(record[26..], r.Value);
            record[34] = r.Sequence.HasValue ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt64LittleEndian(record[35..], r.Sequence ?? 0);
            offset += RecordSize;
        }

        return offset == payload.Length ? payload : throw new ArgumentException("count does not match the included readings", nameof(count));
    }

    public static void Decode(byte[] payload, List<Entry> into)
    {
        if (payload.Length == 0 || payload[0] != FormatVersion || (payload.Length - 1) % RecordSize != 0)
        {
            throw new InvalidDataException($"unknown {Table} payload (version {(payload.Length > 0 ? payload[0] : -1)}, {payload.Length} bytes)");
        }

        for (var offset = 1; offset < payload.Length; offset += RecordSize)
        {
            var record = payload.AsSpan(offset, RecordSize);
            into.Add(new Entry(
                BinaryPrimitives.ReadUInt64BigEndian(record),
                BinaryPrimitives.ReadUInt64BigEndian(record[8..]),
                BinaryPrimitives.ReadInt16LittleEndian(record[16..]),
                BinaryPrimitives.ReadInt64LittleEndian(record[18..]),
                BinaryPrimitives.ReadDoubleLittleEndian(record[26..]),
                record[34] != 0,
                BinaryPrimitives.ReadInt64LittleEndian(record[35..])));
        }
    }

    /// <summary>One decoded log reading; the device as its 16 key bytes read as two big-endian halves (BLOB order).</summary>
    internal readonly record struct Entry(ulong DeviceHigh, ulong DeviceLow, short MetricId, long Micros, double Value, bool HasSequence, long Sequence);

    /// <summary>The table's key order: device bytes, metric, timestamp.</summary>
    private readonly struct EntryOrder : IComparer<Entry>
    {
        public int Compare(Entry x, Entry y)
        {
            var c = x.DeviceHigh.CompareTo(y.DeviceHigh);
            if (c == 0)
            {
                c = x.DeviceLow.CompareTo(y.DeviceLow);
            }

            if (c == 0)
            {
                c = x.MetricId.CompareTo(y.MetricId);
            }

            return c != 0 ? c : x.Micros.CompareTo(y.Micros);
        }
    }
}
