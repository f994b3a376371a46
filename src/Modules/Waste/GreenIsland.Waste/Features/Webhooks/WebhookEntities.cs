using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Webhooks;

/// <summary>
/// An organisation's webhook endpoint: every state change of a manifest the organisation takes part in (as generator,
/// carrier or receiver) is POSTed to <see cref="Url"/>, signed with <see cref="Secret"/>. A regulator's subscription
/// follows its jurisdiction instead (<see cref="DistrictId"/> or <see cref="TownId"/>, fixed when it is created): every
/// state change of a manifest whose generator lies there. The secret is shown once,
/// when the subscription is created; it is stored as issued because signing needs it (like Stripe's and GitHub's
/// webhook secrets), so the database must be protected as the secret's store; rotate by replacing the subscription.
/// </summary>
internal sealed class WebhookSubscription
{
    public const int UrlMaxLength = 2000;
    public const int DescriptionMaxLength = 200;

    private WebhookSubscription()
    {
    }

    public Guid Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public string Url { get; private set; } = string.Empty;

    /// <summary>A regulator's subscription: the supervised district whose manifests it follows (null for a party's).</summary>
    public JurisdictionId? DistrictId { get; private set; }

    /// <summary>A regulator's subscription: the supervised town whose manifests it follows (null for a party's).</summary>
    public JurisdictionId? TownId { get; private set; }

    public bool FollowsJurisdiction => DistrictId is not null || TownId is not null;

    public string? Description { get; private set; }

    public string Secret { get; private set; } = string.Empty;

    public bool IsActive { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = string.Empty;

    public DateTime? DeactivatedAt { get; private set; }

    public static WebhookSubscription Create(OrganisationId organisation, Uri url, string? description, string secret, DateTime now, string actor,
        JurisdictionId? district = null, JurisdictionId? town = null) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = organisation,
        DistrictId = district,
        TownId = town,
        Url = url.AbsoluteUri,
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
        Secret = secret,
        IsActive = true,
        CreatedAt = now,
        CreatedBy = actor,
    };

    public void Deactivate(DateTime now)
    {
        IsActive = false;
        DeactivatedAt ??= now;
    }

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookSubscription>
    {
        public const string Table = "waste_webhook_subscriptions";

        public void Configure(EntityTypeBuilder<WebhookSubscription> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.Url).HasMaxLength(UrlMaxLength);
            b.Property(x => x.Description).HasMaxLength(DescriptionMaxLength);
            b.Property(x => x.Secret).HasMaxLength(100);
            b.Property(x => x.CreatedBy).HasMaxLength(200);
            b.HasIndex(x => new { x.OrganisationId, x.IsActive });
            OversightModel.SnakeCase(b);
        }
    }
}

internal enum WebhookDeliveryStatus
{
    Pending = 1,
    Succeeded = 2,
    Failed = 3,
}

/// <summary>
/// One manifest event to deliver to one subscription, and what happened to it. (subscription, event) is unique, so
/// an event is never queued twice for the same endpoint; <see cref="LeaseUntil"/> lets only one worker send it.
/// </summary>
internal sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 500;

    private WebhookDelivery()
    {
    }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public long EventId { get; private set; }

    public Guid ManifestId { get; private set; }

    public string EventType { get; private set; } = string.Empty;

    /// <summary>The exact body sent (and re-sent on retries), so the signature covers the same bytes every time.</summary>
    public string Body { get; private set; } = string.Empty;

    public WebhookDeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime LeaseUntil { get; private set; }

    public DateTime? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    public string? LastError { get; private set; }

    public DateTime? DeliveredAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static WebhookDelivery Queue(WebhookSubscription subscription, long eventId, Guid manifestId, string eventType, string body, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        SubscriptionId = subscription.Id,
        OrganisationId = subscription.OrganisationId,
        EventId = eventId,
        ManifestId = manifestId,
        EventType = eventType,
        Body = body,
        Status = WebhookDeliveryStatus.Pending,
        NextAttemptAt = now,
        LeaseUntil = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        CreatedAt = now,
    };

    public void Succeeded(DateTime now, int statusCode)
    {
        Attempts++;
        LeaseUntil = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = now;
        Status = WebhookDeliveryStatus.Succeeded;
    }

    public void AttemptFailed(DateTime now, int? statusCode, string error, WebhookRetryPolicy policy)
    {
        Attempts++;
        LeaseUntil = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        if (policy.DelayAfter(Attempts) is { } delay)
        {
            NextAttemptAt = now + delay;
        }
        else
        {
            Status = WebhookDeliveryStatus.Failed;
        }
    }

    internal sealed class Configuration : IEntityTypeConfiguration<WebhookDelivery>
    {
        public const string Table = "waste_webhook_deliveries";

        public void Configure(EntityTypeBuilder<WebhookDelivery> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.EventType).HasMaxLength(64);
            b.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.LastError).HasMaxLength(ErrorMaxLength);
            b.HasIndex(x => new { x.SubscriptionId, x.EventId }).IsUnique();
            b.HasIndex(x => new { x.Status, x.NextAttemptAt });
            b.HasIndex(x => new { x.SubscriptionId, x.CreatedAt });
            OversightModel.SnakeCase(b);
        }
    }
}
