using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>
/// Forgets the ids of Telemetry events Waste has processed once Telemetry can no longer redeliver them: Telemetry
/// keeps a delivered outbox message for <c>Telemetry:OutboxRetention</c> (7 days by default) and redelivers only
/// while it has it, so an id processed longer ago than that plus a day's margin is never seen again. Deletes in small
/// batches (each its own short transaction: on SQLite a delete holds the file's write lock) along the
/// <c>processed_at</c> index.
/// </summary>
internal sealed class ProcessedEventPurge(WasteDbContext db, IConfiguration configuration)
{
    public const int BatchSize = 2_000;

    public static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    /// <summary>The instant before which processed ids are forgotten.</summary>
    public DateTime CutoffAt(DateTime nowUtc) =>
        nowUtc - (configuration.GetValue<TimeSpan?>("Telemetry:OutboxRetention") ?? TimeSpan.FromDays(7)) - Margin;

    /// <summary>Deletes the ids processed before <see cref="CutoffAt"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        var cutoff = CutoffAt(nowUtc);
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.Set<ProcessedEvent>().Where(p => p.ProcessedAt < cutoff).OrderBy(p => p.ProcessedAt).Take(BatchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }
}
