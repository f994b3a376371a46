using GreenIsland.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// A second host over the same database whose clock is a given <see cref="TimeProvider"/>, for steps that only make
/// sense later (a declaration once its period has ended, a confirmation deadline that has passed).
/// </summary>
internal static class ClockedHost
{
    public static WebApplicationFactory<Program> At(this GreenIslandAppFactory app, TimeProvider clock) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(clock);
        }));

    /// <summary>A cookie client of the clocked host, signed in at the host's time.</summary>
    public static async Task<ApiClient> SignedInAtAsync(this WebApplicationFactory<Program> host, TestUser user)
    {
        var session = new SessionHandler();
        var client = new ApiClient(host.CreateDefaultClient(new Uri("http://localhost"), session), session);
        await client.LoginOkAsync(user.UserName, user.Password);
        return client;
    }
}
