namespace GreenIsland.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Readings older than this are rejected (<c>timestamp_too_old</c>); gateways may buffer up to it.</summary>
    public TimeSpan MaxReadingAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time zone of day and month rollups (the district's legal time).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How often the liveness monitor looks for silent devices.</summary>
    public TimeSpan LivenessCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the outbox dispatcher looks for undelivered events without being woken: other instances' events, and
    /// retries that came due. Events committed by this process's ingest wake it at once (<see cref="OutboxWakeInterval"/>).
    /// </summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Least time between the starts of two dispatch rounds woken by ingest commits. An idle dispatcher starts a round
    /// as soon as a commit signals; under load, the events of the commits within this interval are delivered in one
    /// round (one read, one subscriber call per subscriber, one delivered-mark) instead of one round per commit.
    /// </summary>
    public TimeSpan OutboxWakeInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Delivered outbox messages are deleted this long after delivery (undelivered ones are kept).</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Run the liveness monitor, outbox dispatcher and partition maintenance in this process.</summary>
    public bool BackgroundJobs { get; set; } = true;

    /// <summary>
    /// Under load, how often committed rollup deltas are folded into the rollup table (readers fold them first anyway),
    /// and how often without any commit signal; an idle instance folds a commit's deltas within moments (RollupMergeJob).
    /// </summary>
    public TimeSpan RollupMergeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// PostgreSQL: ingest transactions written at a time per instance (group commit: the batches that arrive
    /// meanwhile are written together). Null: one per processor core, at most four (2 cores: two writers, so
    /// PostgreSQL's side of one group's write overlaps with the next group's; see ADR 0011, session 6).
    /// </summary>
    public int? IngestWriters { get; set; }

    /// <summary>
    /// SQLite: how often the ingest writer logs (Information) where its time went per phase - CPU per 1,000 readings,
    /// WAL pages, background checkpoints. Null (default): never. A diagnostic for benchmarks.
    /// </summary>
    public TimeSpan? WriterStatsInterval { get; set; }

    /// <summary>
    /// SQLite: commit ingest transactions (and the outbox dispatcher's marks) with <c>synchronous=FULL</c>, so an
    /// acknowledged batch survives a power cut too: one <c>fsync</c> of the WAL per group commit. Default false:
    /// <c>synchronous=NORMAL</c>, durable against a crash of the process or of the host's services, not against
    /// power loss (the last commits before it can be lost; the database stays consistent).
    /// </summary>
    public bool SqliteSynchronousFull { get; set; }

    /// <summary>
    /// SQLite: WAL pages (4 KiB) the ingest writer commits before the background checkpointer copies the WAL into the
    /// database file (default 16,384 = 64 MiB; the writer itself never checkpoints).
    /// </summary>
    public int SqliteCheckpointPages { get; set; } = 16_384;

    /// <summary>
    /// SQLite: readings the ingest log (<c>telemetry_ingest_log</c>) holds before the background fold moves them into
    /// <c>telemetry_readings</c> in one sorted transaction (it also folds after <see cref="SqliteLogFoldIdle"/> without ingest, at the
    /// latest <see cref="SqliteLogFoldMaxAge"/> after the first unfolded batch, and before a series query reads the table).
    /// </summary>
    public int SqliteLogFoldReadings { get; set; } = 100_000;

    /// <summary>
    /// SQLite: readings the background fold inserts per write transaction (a key-range chunk of the sorted log); the
    /// writer lock is released between chunks, so requests' appends commit while a fold runs. The default exceeds
    /// <see cref="SqliteLogFoldReadings"/>, so a fold is normally one transaction: on 2 cores smaller chunks measured
    /// slower (the fold is the serial bottleneck and then shares the cores with requests that queue behind it again).
    /// </summary>
    public int SqliteLogFoldChunkReadings { get; set; } = 1_048_576;

    /// <summary>SQLite: the ingest log is folded once no batch was appended for this long.</summary>
    public TimeSpan SqliteLogFoldIdle { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>SQLite: the ingest log is folded at the latest this long after the first batch appended since the last fold.</summary>
    public TimeSpan SqliteLogFoldMaxAge { get; set; } = TimeSpan.FromSeconds(2);

    public int EffectiveIngestWriters => Math.Max(1, IngestWriters ?? Math.Clamp(Environment.ProcessorCount, 1, 4));

    public const int MaxBatchSize = 5_000;

    /// <summary>Deltas folded per merge transaction.</summary>
    public const int RollupMergeBatch = 500;
}
