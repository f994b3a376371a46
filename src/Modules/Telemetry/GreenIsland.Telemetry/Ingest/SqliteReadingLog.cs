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
/// safe (it moves committed readings; a crash leaves the log to the next fold).
/// </para>
/// <para>
/// Two ways to fold (session 7). <see cref="Fold"/> moves the whole log in the caller's transaction (a write that
/// must see the table alone, a writer taking the log over). The background fold moves it in key-range chunks
/// instead: the log rows up to the newest one are read, decoded and sorted on a separate connection outside the
/// writer lock (<see cref="ReadUpTo"/>), then inserted in short write transactions (<see cref="FoldChunk"/>), so the
/// appends of waiting requests commit between two chunks; the last chunk deletes the rows. Each chunk records in
/// <c>telemetry_ingest_fold</c> how far it got, so a fold after a crash between two chunks skips exactly the readings
/// already in the table. A chunked fold goes on only while this writer owns the log and nothing folded it whole
/// meanwhile (<see cref="Epoch"/>). Everything else here runs under the store's writer lock, on the writer connection,
/// inside the caller's transaction.
/// </para>
/// </summary>
internal sealed class SqliteReadingLog
{
    public const string Table = "telemetry_ingest_log";
    public const string OwnerTable = "telemetry_ingest_writer";
    public const string FoldMarkTable = "telemetry_ingest_fold";

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
    private const string NewestSql = $"SELECT coalesce(max(id), 0) FROM {Table}";
    private const string UpToSql = $"SELECT id, payload FROM {Table} WHERE id <= $upTo ORDER BY id";
    private const string MarkSql = $"SELECT log_id, device_id, metric_id, ts FROM {FoldMarkTable} WHERE id = 1";
    private const string SetMarkSql = $"""
        INSERT INTO {FoldMarkTable} (id, log_id, device_id, metric_id, ts) VALUES (1, $log, $d, $m, $ts)
        ON CONFLICT (id) DO UPDATE SET log_id = excluded.log_id, device_id = excluded.device_id, metric_id = excluded.metric_id, ts = excluded.ts
        """;
    private const string ClearMarkSql = $"DELETE FROM {FoldMarkTable}";

    /// <summary>Series cached beyond this are forgotten after a fold that empties the log (re-read on next use).</summary>
    private const int MaxCachedSeries = 1_000_000;

    private readonly byte[] owner = Guid.NewGuid().ToByteArray();

    /// <summary>Largest stored timestamp (microseconds) per series, table and log together; long.MinValue: none.</summary>
    private readonly Dictionary<(Guid DeviceId, short MetricId), long> latest = [];

    /// <summary>Series with readings in the log, each with the id of the newest log row holding some (cleared when the log is empty).</summary>
    private readonly Dictionary<(Guid DeviceId, short MetricId), long> inLog = [];

    private SqliteCommand? append;
    private BulkInserter? bulk;
    private SqliteCommand? latestQuery;
    private SqliteCommand? ownerQuery;

    /// <summary>False until this writer owns the log and its cache matches what is stored.</summary>
    private bool valid;

    private long pendingReadings;

    /// <summary>Readings appended to the log and not folded yet (by this writer's count; read by the fold loop too).</summary>
    public long PendingReadings
    {
        get => Volatile.Read(ref pendingReadings);
        private set => Volatile.Write(ref pendingReadings, value);
    }

    /// <summary>
    /// Changes whenever the log may have been emptied or rewritten behind a chunked fold's back (a whole-log
    /// <see cref="Fold"/>, <see cref="Invalidate"/>): a chunked fold started under another epoch stops.
    /// </summary>
    public long Epoch { get; private set; }

    /// <summary>Forget everything cached (a transaction failed after changing it, or the connection was reset).</summary>
    public void Invalidate()
    {
        valid = false;
        Epoch++;
        append?.Dispose();
        latestQuery?.Dispose();
        ownerQuery?.Dispose();
        bulk?.Dispose();
        (append, latestQuery, ownerQuery, bulk) = (null, null, null, null);
    }

    /// <summary>
    /// At the start of every write transaction, and before a fold by a writer that does not own the log: if another
    /// writer took the log, or this one's cache is not known to match, fold the whole log, forget the cache and take
    /// ownership (so a chunked fold of the previous owner stops: only an owner deletes log rows). Returns what
    /// <see cref="Fold"/> returns (zeros if nothing was folded).
    /// </summary>
    public (long Rows, long Readings, long Conflicts) EnsureOwned(SqliteConnection connection, SqliteTransaction transaction, SqliteReadingStore.ReadingInserter inserter)
    {
        if (Owns(connection, transaction))
        {
            return default;
        }

        var folded = Fold(connection, transaction, inserter);
        latest.Clear();
        using var take = SqliteReadingStore.Command(connection, transaction, TakeOwnershipSql, ("$owner", SqliteType.Blob));
        take.Parameters[0].Value = owner;
        take.ExecuteNonQuery();
        valid = true;
        return folded;
    }

    /// <summary>Whether this writer's cache is valid and the owner row names it (<paramref name="transaction"/>: null outside one).</summary>
    public bool Owns(SqliteConnection connection, SqliteTransaction? transaction)
    {
        if (!valid)
        {
            return false;
        }

        ownerQuery ??= SqliteReadingStore.Command(connection, null!, OwnerSql);
        ownerQuery.Transaction = transaction;
        return ownerQuery.ExecuteScalar() is byte[] current && current.AsSpan().SequenceEqual(owner);
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
    public bool Holds((Guid DeviceId, short MetricId) series) => inLog.ContainsKey(series);

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
        var id = SQLitePCL.raw.sqlite3_last_insert_rowid(connection.Handle);
        foreach (var s in series)
        {
            inLog[s] = id;
        }

        PendingReadings += readings;
    }

    /// <summary>
    /// Folds the whole log (oldest rows first) into <c>telemetry_readings</c> and deletes it, in the caller's
    /// transaction. Each round of rows is decoded and sorted by key first; readings a chunked fold put into the table
    /// already (its mark, left by a crash or by a chunked fold this one overtakes) are skipped. Returns the rows and
    /// readings folded, and the readings that were stored already (0 unless another writer bypassed the log's
    /// ownership: they are not inserted twice).
    /// </summary>
    public (long Rows, long Readings, long Conflicts) Fold(SqliteConnection connection, SqliteTransaction transaction,
        SqliteReadingStore.ReadingInserter inserter)
    {
        var (rows, readings, conflicts) = (0L, 0L, 0L);
        var after = 0L;
        var entries = new List<Entry>();
        var mark = ReadMark(connection, transaction);
        using var take = SqliteReadingStore.Command(connection, transaction, TakeSql, ("$after", SqliteType.Integer), ("$limit", SqliteType.Integer));
        while (true)
        {
            entries.Clear();
            take.Parameters[0].Value = after;
            take.Parameters[1].Value = FoldRowsPerRound;
            var round = 0;
            using (var reader = take.ExecuteReader())
            {
                while (reader.Read())
                {
                    after = reader.GetInt64(0);
                    var first = entries.Count;
                    Decode((byte[])reader.GetValue(1), entries);
                    readings += entries.Count - first;
                    if (mark is { } m && after <= m.LogId)
                    {
                        SkipFolded(entries, first, m.Key);
                    }

                    round++;
                }
            }

            if (round == 0)
            {
                break;
            }

            SortByKey(entries);
            conflicts += Insert(connection, inserter, CollectionsMarshal.AsSpan(entries));
            rows += round;
            using var delete = SqliteReadingStore.Command(connection, transaction, $"DELETE FROM {Table} WHERE id <= $last", ("$last", SqliteType.Integer));
            delete.Parameters[0].Value = after;
            delete.ExecuteNonQuery();
            if (round < FoldRowsPerRound)
            {
                break;
            }
        }

        if (mark is not null)
        {
            ClearMark(connection, transaction);
        }

        // The log is empty (the caller holds the write lock, nothing was appended meanwhile).
        inLog.Clear();
        PendingReadings = 0;
        Epoch++;
        return (rows, readings, conflicts);
    }

    /// <summary>
    /// A chunked fold's start (writer lock held, no transaction open): the newest log row to fold up to (0: the log is
    /// empty) and the <see cref="Epoch"/> it runs under; null if this writer does not own the log (then only a
    /// whole-log <see cref="Fold"/> may run).
    /// </summary>
    public (long UpTo, long Epoch)? StartChunkedFold(SqliteConnection connection)
    {
        if (!Owns(connection, null))
        {
            return null;
        }

        using var newest = connection.CreateCommand();
        newest.CommandText = NewestSql;
        return ((long)newest.ExecuteScalar()!, Epoch);
    }

    /// <summary>Whether a chunked fold started under <paramref name="epoch"/> may go on (writer lock held).</summary>
    public bool StillFolding(long epoch) => valid && Epoch == epoch;

    /// <summary>
    /// Reads and decodes the log rows up to <paramref name="upTo"/> in one read transaction on a connection of its
    /// own (no writer lock: WAL readers see a snapshot while the writer goes on), sorted by key, without the readings
    /// an earlier chunked fold that did not finish (cancelled) put into the table already. Returns the readings those
    /// rows hold (skipped ones included).
    /// </summary>
    public static long ReadUpTo(SqliteConnection reader, long upTo, List<Entry> into)
    {
        var readings = 0L;
        using (var transaction = reader.BeginTransaction(deferred: true))
        {
            var mark = ReadMark(reader, transaction);
            using var take = SqliteReadingStore.Command(reader, transaction, UpToSql, ("$upTo", SqliteType.Integer));
            take.Parameters[0].Value = upTo;
            using (var rowsReader = take.ExecuteReader())
            {
                while (rowsReader.Read())
                {
                    var first = into.Count;
                    Decode((byte[])rowsReader.GetValue(1), into);
                    readings += into.Count - first;
                    if (mark is { } m && rowsReader.GetInt64(0) <= m.LogId)
                    {
                        SkipFolded(into, first, m.Key);
                    }
                }
            }

            transaction.Commit();
        }

        SortByKey(into);
        return readings;
    }

    /// <summary>
    /// One chunk of a chunked fold (sorted, following the previous chunk's keys) in the caller's transaction: inserts
    /// it and records the mark (log rows up to <paramref name="upTo"/>, keys up to the chunk's last). The last chunk
    /// (<paramref name="last"/>) deletes the log rows up to <paramref name="upTo"/> and the mark instead. Returns the
    /// readings that were stored already (see <see cref="Fold"/>). Call <see cref="ChunkedFoldDone"/> after the last
    /// chunk committed.
    /// </summary>
    public long FoldChunk(SqliteConnection connection, SqliteTransaction transaction, SqliteReadingStore.ReadingInserter inserter,
        ReadOnlySpan<Entry> chunk, long upTo, bool last)
    {
        var conflicts = Insert(connection, inserter, chunk);
        if (last)
        {
            using var delete = SqliteReadingStore.Command(connection, transaction, $"DELETE FROM {Table} WHERE id <= $last", ("$last", SqliteType.Integer));
            delete.Parameters[0].Value = upTo;
            delete.ExecuteNonQuery();
            ClearMark(connection, transaction);
        }
        else if (chunk.Length > 0)
        {
            ref readonly var e = ref chunk[^1];
            using var mark = SqliteReadingStore.Command(connection, transaction, SetMarkSql, ("$log", SqliteType.Integer), ("$d", SqliteType.Blob),
                ("$m", SqliteType.Integer), ("$ts", SqliteType.Integer));
            var device = new byte[16];
            BinaryPrimitives.WriteUInt64BigEndian(device, e.DeviceHigh);
            BinaryPrimitives.WriteUInt64BigEndian(device.AsSpan(8), e.DeviceLow);
            mark.Parameters[0].Value = upTo;
            mark.Parameters[1].Value = device;
            mark.Parameters[2].Value = e.MetricId;
            mark.Parameters[3].Value = e.Micros;
            mark.ExecuteNonQuery();
        }

        return conflicts;
    }

    /// <summary>After a chunked fold's last chunk committed: the log rows up to <paramref name="upTo"/> (<paramref name="readings"/>) are gone.</summary>
    public void ChunkedFoldDone(long upTo, long readings)
    {
        var folded = new List<(Guid, short)>();
        foreach (var (series, id) in inLog)
        {
            if (id <= upTo)
            {
                folded.Add(series);
            }
        }

        foreach (var series in folded)
        {
            inLog.Remove(series);
        }

        PendingReadings = Math.Max(0, PendingReadings - readings);
    }

    /// <summary>
    /// Inserts sorted log readings: <see cref="BulkInserter.Rows"/> at a time through one multi-row statement, the rest
    /// one by one. Returns the readings that were stored already.
    /// </summary>
    private long Insert(SqliteConnection connection, SqliteReadingStore.ReadingInserter inserter, ReadOnlySpan<Entry> sorted)
    {
        var conflicts = 0L;
        if (sorted.Length >= BulkInserter.Rows)
        {
            bulk ??= new BulkInserter(connection);
            var whole = sorted.Length - (sorted.Length % BulkInserter.Rows);
            for (var i = 0; i < whole; i += BulkInserter.Rows)
            {
                conflicts += bulk.Insert(sorted.Slice(i, BulkInserter.Rows));
            }

            sorted = sorted[whole..];
        }

        Span<byte> device = stackalloc byte[16];
        foreach (ref readonly var e in sorted)
        {
            BinaryPrimitives.WriteUInt64BigEndian(device, e.DeviceHigh);
            BinaryPrimitives.WriteUInt64BigEndian(device[8..], e.DeviceLow);
            if (!inserter.Insert(device, e.MetricId, e.Micros, e.Value, e.HasSequence ? e.Sequence : null))
            {
                conflicts++;
            }
        }

        return conflicts;
    }

    private static void SortByKey(List<Entry> entries) => CollectionsMarshal.AsSpan(entries).Sort(default(EntryOrder));

    /// <summary>Removes, from <paramref name="first"/> on, the entries whose key is at most <paramref name="key"/> (in the table already).</summary>
    private static void SkipFolded(List<Entry> entries, int first, Entry key)
    {
        var order = default(EntryOrder);
        var kept = first;
        for (var i = first; i < entries.Count; i++)
        {
            if (order.Compare(entries[i], key) > 0)
            {
                entries[kept++] = entries[i];
            }
        }

        entries.RemoveRange(kept, entries.Count - kept);
    }

    private static (long LogId, Entry Key)? ReadMark(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var read = SqliteReadingStore.Command(connection, transaction, MarkSql);
        using var reader = read.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var device = (byte[])reader.GetValue(1);
        return (reader.GetInt64(0), new Entry(BinaryPrimitives.ReadUInt64BigEndian(device), BinaryPrimitives.ReadUInt64BigEndian(device.AsSpan(8)),
            (short)reader.GetInt64(2), reader.GetInt64(3), 0, false, 0));
    }

    private static void ClearMark(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var clear = SqliteReadingStore.Command(connection, transaction, ClearMarkSql);
        clear.ExecuteNonQuery();
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

    /// <summary>
    /// A prepared <c>INSERT OR IGNORE</c> of <see cref="Rows"/> readings at once, bound by position (the fold's readings
    /// are certainly new unless another writer bypassed the log, so only the count of ignored ones matters). OR IGNORE,
    /// not ON CONFLICT DO NOTHING: no row of it can abort the statement (every value is bound non-null, the table has no
    /// CHECK or foreign key), so it needs no statement journal, like the single-row insert.
    /// </summary>
    internal sealed class BulkInserter : IDisposable
    {
        /// <summary>Readings per statement (5 parameters each).</summary>
        public const int Rows = 32;

        private readonly SQLitePCL.sqlite3 db;
        private readonly SQLitePCL.sqlite3_stmt statement;

        public BulkInserter(SqliteConnection writerConnection)
        {
            db = writerConnection.Handle ?? throw new InvalidOperationException("the writer connection is not open");
            var values = string.Join(", ", Enumerable.Range(0, Rows).Select(i => $"(?{(5 * i) + 1}, ?{(5 * i) + 2}, ?{(5 * i) + 3}, ?{(5 * i) + 4}, ?{(5 * i) + 5})"));
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db,
                $"INSERT OR IGNORE INTO {TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq) VALUES {values}", out statement));
        }

        /// <returns>The readings that were stored already.</returns>
        public int Insert(ReadOnlySpan<Entry> entries)
        {
            Span<byte> device = stackalloc byte[16];
            for (var i = 0; i < Rows; i++)
            {
                ref readonly var e = ref entries[i];
                var p = (5 * i) + 1;
                BinaryPrimitives.WriteUInt64BigEndian(device, e.DeviceHigh);
                BinaryPrimitives.WriteUInt64BigEndian(device[8..], e.DeviceLow);
                Check(SQLitePCL.raw.sqlite3_bind_blob(statement, p, device));
                Check(SQLitePCL.raw.sqlite3_bind_int(statement, p + 1, e.MetricId));
                Check(SQLitePCL.raw.sqlite3_bind_int64(statement, p + 2, e.Micros));
                Check(SQLitePCL.raw.sqlite3_bind_double(statement, p + 3, e.Value));
                Check(e.HasSequence ? SQLitePCL.raw.sqlite3_bind_int64(statement, p + 4, e.Sequence) : SQLitePCL.raw.sqlite3_bind_null(statement, p + 4));
            }

            var rc = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return Rows - SQLitePCL.raw.sqlite3_changes(db);
        }

        public void Dispose() => statement.Dispose();

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }
}
