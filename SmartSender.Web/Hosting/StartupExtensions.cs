using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Hosting;

public static class StartupExtensions
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Listens on <see cref="DefaultUrl"/> unless the operator chose otherwise, the ways ASP.NET Core offers:
    /// <c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>Urls</c> in appsettings.json, <c>ASPNETCORE_HTTP_PORTS</c> or <c>Kestrel:Endpoints</c>.
    /// </summary>
    public static void ListenOnDefaultUrlUnlessConfigured(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["urls"]) && string.IsNullOrWhiteSpace(configuration["http_ports"])
            && string.IsNullOrWhiteSpace(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }

    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    /// <summary>Prints where the dashboard can be opened, once the server listens.</summary>
    public static void AnnounceUrlsOnStart(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

            // With JSON logs (Logging:Console:FormatterName "json") every line of the output is a log entry.
            var json = string.Equals(app.Configuration["Logging:Console:FormatterName"], "json", StringComparison.OrdinalIgnoreCase);
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SmartSender.Startup");
            foreach (var address in addresses)
            {
                if (json)
                {
                    log.LogInformation("SmartSender is running at {Address}", address);
                }
                else
                {
                    Console.WriteLine($"SmartSender is running at {address}");
                }
            }
        });
}
