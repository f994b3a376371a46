using GreenIsland.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GreenIsland.IntegrationTests.Platform;

/// <summary>The `openapi` command builds the host only to read its document: no module job may start then.</summary>
public sealed class BackgroundJobSwitchTests
{
    [Fact]
    public async Task Build_WithBackgroundJobsOff_RegistersNoModuleJob_ButKeepsTheWebHost()
    {
        await using var withJobs = Build(null);
        await using var withoutJobs = Build("false");

        Assert.Contains(withJobs.Services.GetServices<IHostedService>(), IsModuleJob);
        var remaining = withoutJobs.Services.GetServices<IHostedService>().ToList();
        Assert.DoesNotContain(remaining, IsModuleJob);
        Assert.NotEmpty(remaining);
    }

    private static bool IsModuleJob(IHostedService service) =>
        service.GetType().Assembly.GetName().Name!.StartsWith("GreenIsland.", StringComparison.Ordinal);

    private static Microsoft.AspNetCore.Builder.WebApplication Build(string? backgroundJobs) =>
        GreenIslandApplication.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:GreenIsland"] = "Data Source=background-job-switch;Mode=Memory;Cache=Shared",
            [GreenIslandApplication.BackgroundJobsKey] = backgroundJobs,
        }));
}
