using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// One manifest transition as a row (<c>waste_manifest_events</c>), written in the same transaction as the change and
/// its ledger entry; the webhooks (waste-oversight) read it in <see cref="Id"/> order. Same audience as the manifest.
/// </summary>
internal sealed class ManifestEvent : IPartyRow
{
    /// <summary>
    /// The type of the one event that is not a change of state: the receiver has not confirmed by the deadline (from and
    /// to are both Received). Readers that want transitions only skip it.
    /// </summary>
    public const string ConfirmationOverdue = "ConfirmationOverdue";

    private ManifestEvent()
    {
        Type = ToStatus = Actor = PayloadJson = Number = string.Empty;
    }

    /// <summary>
    /// Increasing per database (identity). On PostgreSQL a transaction may commit after a later id, so readers that
    /// page "after id N" should re-read a short window or remember delivered ids.
    /// </summary>
    public long Id { get; private set; }

    public Guid ManifestId { get; private set; }

    public string Number { get; private set; }

    public int Version { get; private set; }

    public string Type { get; private set; }

    public string? FromStatus { get; private set; }

    public string ToStatus { get; private set; }

    public DateTime At { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public string Actor { get; private set; }

    public string PayloadJson { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public OrganisationId? CarrierId { get; private set; }

    public OrganisationId? ReceiverId { get; private set; }

    public static ManifestEvent Of(Manifest manifest, ManifestTransition transition, DateTime recordedAt, string? fromOverride = null) => new()
    {
        ManifestId = manifest.Id,
        Number = manifest.Number,
        Version = manifest.Version,
        Type = transition.Type,
        FromStatus = fromOverride ?? (transition.Type == "Drawn" ? null : transition.From.ToString()),
        ToStatus = transition.To.ToString(),
        At = transition.At,
        RecordedAt = recordedAt,
        Actor = transition.Actor,
        PayloadJson = transition.Payload.ToJsonString(),
        OrganisationId = manifest.OrganisationId,
        DistrictId = manifest.DistrictId,
        TownId = manifest.TownId,
        CarrierId = manifest.CarrierId,
        ReceiverId = manifest.ReceiverId,
    };

    internal sealed class Configuration : IEntityTypeConfiguration<ManifestEvent>
    {
        public const string Table = "waste_manifest_events";

        public void Configure(EntityTypeBuilder<ManifestEvent> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_manifest_events");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            b.Property(x => x.ManifestId).HasColumnName("manifest_id");
            b.Property(x => x.Number).HasColumnName("number").HasMaxLength(ManifestNumber.Length);
            b.Property(x => x.Version).HasColumnName("version");
            b.Property(x => x.Type).HasColumnName("type").HasMaxLength(32);
            b.Property(x => x.FromStatus).HasColumnName("from_status").HasMaxLength(24);
            b.Property(x => x.ToStatus).HasColumnName("to_status").HasMaxLength(24);
            b.Property(x => x.At).HasColumnName("at");
            b.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            b.Property(x => x.Actor).HasColumnName("actor").HasMaxLength(200);
            b.Property(x => x.PayloadJson).HasColumnName("payload_json");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CarrierId).HasColumnName("carrier_id");
            b.Property(x => x.ReceiverId).HasColumnName("receiver_id");
            b.HasIndex(x => x.ManifestId).HasDatabaseName("ix_waste_manifest_events_manifest_id");
        }
    }
}
