using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Features.Ingest;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Outbox;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// <c>greenisland bench ingest-host</c>: the host's own work per ingest request, without HTTP or a database - the
/// bench load's 1,000-reading bodies (50 cabinets x 4 metrics x 5 instants, sent by their gateway) through the real
/// parser, validation, the store-independent arithmetic and encodings a write needs (rollup delta, outbox message,
/// last-seen, PostgreSQL COPY tuples) and the response's JSON, one thread. Prints per stage the CPU time
/// (the fastest of several rounds, so a loaded machine inflates it least) and the bytes allocated per reading.
/// </summary>
internal static class IngestHostBench
{
    private const int Stages = 5;
    private static readonly string[] StageNames = ["parse", "validate", "compute", "encode", "respond"];

    public static int Run(int rounds, int batchesPerRound, TimeProvider timeProvider)
    {
        var organisation = Guid.CreateVersion7();
        var site = Guid.CreateVersion7();
        var gateway = Guid.CreateVersion7();
        var cabinets = Enumerable.Range(0, BenchLoad.CabinetsPerWorker).Select(_ => Guid.CreateVersion7()).ToArray();
        var profiles = new Dictionary<Guid, DeviceProfile?>
        {
            [gateway] = new DeviceProfile(gateway, organisation, site, DeviceType.Gateway, TimeSpan.FromMinutes(1), 1e6, isActive: true),
        };
        foreach (var c in cabinets)
        {
            profiles[c] = new DeviceProfile(c, organisation, site, DeviceType.StorageCabinet, TimeSpan.FromMinutes(5), 1e6, isActive: true);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var start = now.AddDays(-1);
        start = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var load = new BenchLoad([cabinets], start);
        // Kestrel hands a body over in segments of at most 4 KiB.
        var bodies = Enumerable.Range(0, batchesPerRound).Select(b => Segmented(load.Json(0, b), 4096)).ToArray();
        var calendar = new RollupCalendar(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var lastSeen = new LastSeenThrottle();
        var responseBuffer = new ArrayBufferWriter<byte>(4096);

        var best = new double[Stages];
        Array.Fill(best, double.MaxValue);
        var bytes = new long[Stages];
        long readings = 0;
        for (var round = 0; round <= rounds; round++)
        {
            var ticks = new long[Stages];
            var allocated = new long[Stages];
            for (var b = 0; b < batchesPerRound; b++)
            {
                var t = Stopwatch.GetTimestamp();
                var a = GC.GetAllocatedBytesForCurrentThread();
                using var body = IngestBodyParser.Parse(bodies[b]);
                Lap(0, ref t, ref a, ticks, allocated);

                var readingsOfBody = body.Readings;
                var ids = IngestService.DeviceIds(gateway, readingsOfBody);
                var found = new Dictionary<Guid, DeviceProfile?>(ids.Count);
                foreach (var id in ids)
                {
                    found[id] = profiles.GetValueOrDefault(id);
                }

                var (batch, validation) = IngestService.Prepare(gateway, organisation, readingsOfBody, found, now, TimeSpan.FromDays(30));
                Lap(1, ref t, ref a, ticks, allocated);

                var computation = new IngestComputation(batch, calendar);
                foreach (var r in batch.Readings)
                {
                    computation.AddNew(r);
                }

                var series = computation.Series();
                Lap(2, ref t, ref a, ticks, allocated);

                var delta = RollupDeltaCodec.Encode(computation.Rollups.Deltas);
                var message = OutboxSerializer.ToMessage(new ReadingsAccepted
                {
                    EventId = Guid.CreateVersion7(now),
                    OccurredAtUtc = now,
                    OrganisationId = organisation,
                    Series = series,
                });
                var touch = lastSeen.Due(series.Select(s => s.DeviceId).Append(gateway).Distinct(), batch.Devices, now);
                var (copy, copyLength) = PgCopyEncoder.Encode(batch.Readings);
                ArrayPool<byte>.Shared.Return(copy);
                Lap(3, ref t, ref a, ticks, allocated);

                var rejected = new List<RejectedReadingDto>(validation.Rejected.Count);
                foreach (var r in validation.Rejected)
                {
                    rejected.Add(new RejectedReadingDto(r.Index, r.DeviceId, r.Metric, body.SentTimestamp(r.Index), r.Reason.Code(), r.Detail));
                }

                responseBuffer.ResetWrittenCount();
                using (var writer = new Utf8JsonWriter(responseBuffer))
                {
                    JsonSerializer.Serialize(writer, new IngestResponse(body.Count, batch.Readings.Count, validation.DuplicatesWithinBatch, rejected),
                        IngestJsonContext.Default.IngestResponse);
                }

                Lap(4, ref t, ref a, ticks, allocated);
                if (batch.Readings.Count != BenchLoad.BatchSize || delta.Length == 0 || message.Payload.Length == 0 || copyLength == 0 || touch.Length < 0)
                {
                    throw new InvalidOperationException("the bench batch was not accepted whole");
                }
            }

            if (round == 0)
            {
                continue; // warm-up
            }

            for (var s = 0; s < Stages; s++)
            {
                best[s] = Math.Min(best[s], ticks[s] * 1e6 / Stopwatch.Frequency / (batchesPerRound * (double)BenchLoad.BatchSize));
                bytes[s] += allocated[s];
            }

            readings += batchesPerRound * (long)BenchLoad.BatchSize;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest-host: {rounds} rounds x {batchesPerRound} batches of {BenchLoad.BatchSize} readings, one thread; us per reading = fastest round"));
        for (var s = 0; s < Stages; s++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {StageNames[s],-9} {best[s],6:F3} us  {bytes[s] / (double)readings,7:F1} B"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest-host total_us_per_reading={best.Sum():F3} bytes_per_reading={bytes.Sum() / (double)readings:F1}"));
        return 0;
    }

    private static void Lap(int stage, ref long timestamp, ref long allocatedBytes, long[] ticks, long[] allocated)
    {
        var t = Stopwatch.GetTimestamp();
        var a = GC.GetAllocatedBytesForCurrentThread();
        ticks[stage] += t - timestamp;
        allocated[stage] += a - allocatedBytes;
        (timestamp, allocatedBytes) = (Stopwatch.GetTimestamp(), GC.GetAllocatedBytesForCurrentThread());
    }

    private static ReadOnlySequence<byte> Segmented(byte[] body, int segmentSize)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < body.Length; at += segmentSize)
        {
            var memory = body.AsMemory(at, Math.Min(segmentSize, body.Length - at));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
