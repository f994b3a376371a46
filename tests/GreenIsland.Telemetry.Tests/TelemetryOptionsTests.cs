namespace GreenIsland.Telemetry.Tests;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void IngestWriters_DefaultToOnePerCore_AtMostFour_AndAConfiguredValueWins()
    {
        // One writer's PostgreSQL backend capped the ingest path on 2 cores (ADR 0011, session 6 amendment).
        Assert.Equal(Math.Clamp(Environment.ProcessorCount, 1, 4), new TelemetryOptions().EffectiveIngestWriters);
        Assert.Equal(3, new TelemetryOptions { IngestWriters = 3 }.EffectiveIngestWriters);
        Assert.Equal(1, new TelemetryOptions { IngestWriters = 0 }.EffectiveIngestWriters);
    }
}
