namespace GreenIsland.Platform.Tests;

/// <summary>A settable clock (Microsoft.Extensions.TimeProvider.Testing is not in the registry here).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
