using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Features.Dispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Driver;

/// <summary>A container scanned and weighed at a stop (weighing again before confirmation replaces the weight).</summary>
internal sealed class StopItem
{
    private StopItem()
    {
        ContainerCode = WasteCode = WasteName = Category = Characteristics = PhysicalForm = Packaging = WeighedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid StopId { get; private set; }

    public Guid ContainerId { get; private set; }

    public string ContainerCode { get; private set; }

    public string WasteCode { get; private set; }

    public string WasteName { get; private set; }

    public string Category { get; private set; }

    public string Characteristics { get; private set; }

    public string PhysicalForm { get; private set; }

    public string Packaging { get; private set; }

    public long WeightG { get; private set; }

    public DateTime WeighedAt { get; private set; }

    public string WeighedBy { get; private set; }

    public static StopItem Weigh(Guid stopId, ScannedContainer container, long grams, DateTime at, string actor) => new()
    {
        Id = Guid.CreateVersion7(),
        StopId = stopId,
        ContainerId = container.Id,
        ContainerCode = container.Code,
        WasteCode = container.WasteCode,
        WasteName = container.WasteName,
        Category = container.Category,
        Characteristics = container.Characteristics,
        PhysicalForm = container.PhysicalForm,
        Packaging = container.Packaging,
        WeightG = grams,
        WeighedAt = at,
        WeighedBy = actor,
    };

    public void Reweigh(long grams, DateTime at, string actor)
    {
        WeightG = grams;
        WeighedAt = at;
        WeighedBy = actor;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<StopItem>
    {
        public const string Table = "waste_stop_items";

        public void Configure(EntityTypeBuilder<StopItem> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_stop_items");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.StopId).HasColumnName("stop_id");
            b.Property(x => x.ContainerId).HasColumnName("container_id");
            b.Property(x => x.ContainerCode).HasColumnName("container_code").HasMaxLength(64);
            b.Property(x => x.WasteCode).HasColumnName("waste_code").HasMaxLength(16);
            b.Property(x => x.WasteName).HasColumnName("waste_name").HasMaxLength(200);
            b.Property(x => x.Category).HasColumnName("category").HasMaxLength(8);
            b.Property(x => x.Characteristics).HasColumnName("characteristics").HasMaxLength(32);
            b.Property(x => x.PhysicalForm).HasColumnName("physical_form").HasMaxLength(64);
            b.Property(x => x.Packaging).HasColumnName("packaging").HasMaxLength(64);
            b.Property(x => x.WeightG).HasColumnName("weight_g");
            b.Property(x => x.WeighedAt).HasColumnName("weighed_at");
            b.Property(x => x.WeighedBy).HasColumnName("weighed_by").HasMaxLength(200);
            b.HasIndex(x => new { x.StopId, x.ContainerId }).IsUnique().HasDatabaseName("ux_waste_stop_items_stop_id_container_id");
            b.HasIndex(x => x.ContainerId).HasDatabaseName("ix_waste_stop_items_container_id");
            b.HasOne<TripStop>().WithMany().HasForeignKey(x => x.StopId).HasConstraintName("fk_waste_stop_items_stop_id").OnDelete(DeleteBehavior.Cascade);
        }
    }
}

/// <summary>What the driver's scan resolved to (a container of the stop's generator, still stored).</summary>
internal sealed record ScannedContainer(Guid Id, string Code, string WasteCode, string WasteName, string Category, string Characteristics, string PhysicalForm, string Packaging,
    SiteId SiteId, int Group);

/// <summary>
/// A driver action already applied, by the user's client idempotency key: a replay returns the stored result
/// (status and JSON body) instead of applying the action again.
/// </summary>
internal sealed class DriverAction
{
    public const int KeyMaxLength = 100;

    private DriverAction()
    {
        Key = Action = ResponseJson = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid UserId { get; private set; }

    public string Key { get; private set; }

    /// <summary>What the key was used for, e.g. <c>weigh:{stopId}</c>; the same key for something else is refused.</summary>
    public string Action { get; private set; }

    public int StatusCode { get; private set; }

    public string ResponseJson { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static DriverAction Record(Guid userId, string key, string action, int statusCode, string responseJson, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        UserId = userId,
        Key = key,
        Action = action,
        StatusCode = statusCode,
        ResponseJson = responseJson,
        CreatedAt = now,
    };

    internal sealed class Configuration : IEntityTypeConfiguration<DriverAction>
    {
        public const string Table = "waste_driver_actions";

        public void Configure(EntityTypeBuilder<DriverAction> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_driver_actions");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.UserId).HasColumnName("user_id");
            b.Property(x => x.Key).HasColumnName("key").HasMaxLength(KeyMaxLength);
            b.Property(x => x.Action).HasColumnName("action").HasMaxLength(100);
            b.Property(x => x.StatusCode).HasColumnName("status_code");
            b.Property(x => x.ResponseJson).HasColumnName("response_json");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.HasIndex(x => new { x.UserId, x.Key }).IsUnique().HasDatabaseName("ux_waste_driver_actions_user_id_key");
        }
    }
}
