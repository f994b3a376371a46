using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>Telemetry events already applied (delivery is at least once; handlers dedupe on the event id).</summary>
internal sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public string Type { get; set; } = string.Empty;

    public DateTime ProcessedAt { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<ProcessedEvent>
    {
        public const string Table = "waste_processed_events";

        public void Configure(EntityTypeBuilder<ProcessedEvent> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.EventId).HasName("pk_waste_processed_events");
            b.Property(x => x.EventId).HasColumnName("event_id").ValueGeneratedNever();
            b.Property(x => x.Type).HasColumnName("type").HasMaxLength(50);
            b.Property(x => x.ProcessedAt).HasColumnName("processed_at");
            b.HasIndex(x => x.ProcessedAt).HasDatabaseName("ix_waste_processed_events_processed_at");
        }
    }
}
