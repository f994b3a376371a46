using System.Buffers;
using System.Text.Json;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// Deterministic bench readings: worker w reports, as its site's gateway, for its own cabinets; batch b holds
/// <see cref="TimestampsPerBatch"/> consecutive seconds of 4 metrics for each cabinet. The raw phase regenerates
/// exactly the same rows from (w, b).
/// </summary>
internal sealed class BenchLoad(IReadOnlyList<Guid[]> cabinetsPerWorker, DateTime startUtc)
{
    public const int CabinetsPerWorker = 50;
    public const int TimestampsPerBatch = 5;
    public static readonly string[] Metrics = ["fill_ratio", "weight", "temperature", "humidity"];
    public static readonly short[] MetricIds = [1, 2, 3, 4];
    public const int BatchSize = CabinetsPerWorker * TimestampsPerBatch * 4;

    public DateTime Timestamp(int batch, int step) => startUtc.AddSeconds((batch * TimestampsPerBatch) + step);

    public static double Value(int metric, int cabinet, int batch, int step)
    {
        var t = (batch * TimestampsPerBatch) + step;
        return metric switch
        {
            0 => ((cabinet * 37) + (t % 1000)) % 1000 / 1000.0,
            1 => 20 + ((cabinet * 13 + t) % 4000) / 10.0,
            2 => 18 + ((cabinet + t) % 100) / 10.0,
            _ => 40 + ((cabinet * 7 + t) % 400) / 10.0,
        };
    }

    public void ForEach(int worker, int batch, Action<Guid, short, DateTime, double> row)
    {
        var cabinets = cabinetsPerWorker[worker];
        for (var step = 0; step < TimestampsPerBatch; step++)
        {
            var ts = Timestamp(batch, step);
            for (var c = 0; c < cabinets.Length; c++)
            {
                for (var m = 0; m < Metrics.Length; m++)
                {
                    row(cabinets[c], MetricIds[m], ts, Value(m, c, batch, step));
                }
            }
        }
    }

    public byte[] Json(int worker, int batch)
    {
        var buffer = new ArrayBufferWriter<byte>(BatchSize * 130);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("readings");
            var cabinets = cabinetsPerWorker[worker];
            for (var step = 0; step < TimestampsPerBatch; step++)
            {
                var ts = Timestamp(batch, step);
                for (var c = 0; c < cabinets.Length; c++)
                {
                    for (var m = 0; m < Metrics.Length; m++)
                    {
                        json.WriteStartObject();
                        json.WriteString("deviceId", cabinets[c]);
                        json.WriteString("metric", Metrics[m]);
                        json.WriteString("ts", ts);
                        json.WriteNumber("value", Value(m, c, batch, step));
                        json.WriteEndObject();
                    }
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
