namespace GreenIsland.Waste.Features.Webhooks;

/// <summary>Configuration section <c>Waste:Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Waste:Webhooks";

    /// <summary>Run the delivery worker in the background (tests switch it off and call the dispatcher directly).</summary>
    public bool BackgroundDelivery { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Events older than this when a subscription first sees them are not delivered (bounds the fan-out query).</summary>
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(3);

    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// Allow plain-http URLs and loopback/private addresses (development and tests). Off by default: production
    /// subscriptions must be https to a public host, so the platform cannot be made to call its own network.
    /// </summary>
    public bool AllowInsecureUrls { get; set; }

    public WebhookRetryPolicy RetryPolicy => new(InitialRetryDelay, MaxRetryDelay, MaxAttempts);
}
