namespace GreenIsland.Platform.Demo;

internal sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo district at start-up when the database has no organisations.</summary>
    public bool Seed { get; set; }

    /// <summary>Label the installation as demo and publish the demo accounts on /api/system/info.</summary>
    public bool Enabled { get; set; }
}
