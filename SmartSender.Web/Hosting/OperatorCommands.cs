using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Web.DevTools;

namespace SmartSender.Web.Hosting;

/// <summary>
/// Commands an operator runs without a browser, e.g.
/// <c>dotnet run --project SmartSender.Web -- create-admin --email a@b.example --password …</c>.
/// Each one works on the configured database, prints its result and exits.
/// </summary>
public static class OperatorCommands
{
    private const string Usage = """
        Usage:
          create-admin   --email <address> --password <password>
          create-api-key --account <name or id> --name <key name>
          dev-smtp       [--port <port>]   a development SMTP server on 127.0.0.1 (default: the relay port)
          migrate-to-postgres --to <PostgreSQL connection string>
                         copies this installation's SQLite database and key ring into an empty PostgreSQL database
          backup         --to <file.zip>   a consistent copy of a SQLite installation, taken while it runs
          restore        --from <file.zip> [--replace]
                         puts a backup into the data folder (stop SmartSender first); --replace moves the current files aside
        Without a command, SmartSender starts the dashboard and the sending engine.
        """;

    public static readonly string[] Commands = ["create-admin", "create-api-key", "dev-smtp", "migrate-to-postgres", "backup", "restore", "help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    /// <summary>Commands that work on the database's files as they are: run before the database is opened and migrated.</summary>
    public static bool RunsBeforeDatabase(string[] args) => args.Length > 0 && args[0] is "backup" or "restore";

    /// <summary>A command's own flags are not configuration; only the server's arguments go to the host.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? [] : args;

    /// <summary>A command's standard output is its result (a key, a line per message); logs go to standard error.</summary>
    public static void KeepStandardOutputForCommands(this WebApplicationBuilder builder, string[] args)
    {
        if (IsCommand(args))
        {
            builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    public static async Task<int> RunOperatorCommandAsync(this WebApplication app, string[] args)
    {
        var flags = ParseFlags(args.Skip(1));
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return args[0] switch
        {
            "create-admin" when flags.TryGetValue("email", out var email) && flags.TryGetValue("password", out var password)
                => Report(await services.GetRequiredService<Administrators>().CreateAsync(email, password), user => $"Created administrator {user.Email}."),
            "create-api-key" when flags.TryGetValue("account", out var account) && flags.TryGetValue("name", out var name)
                => await CreateApiKeyAsync(services, account, name),
            "dev-smtp" => await RunDevSmtpAsync(app, flags),
            "migrate-to-postgres" when flags.TryGetValue("to", out var target) => await MoveToPostgresAsync(services, target),
            "backup" when flags.TryGetValue("to", out var file) => await BackupCommands.BackupAsync(services, file),
            "restore" when flags.TryGetValue("from", out var file) => await BackupCommands.RestoreAsync(services, file, flags.ContainsKey("replace")),
            "help" => PrintUsage(0),
            _ => PrintUsage(2),
        };
    }

    private static async Task<int> MoveToPostgresAsync(IServiceProvider services, string target)
    {
        var move = new Core.Persistence.Moving.SqliteToPostgres(
            services.GetRequiredService<Core.Persistence.SmartSenderDbContext>(), target, Path.Combine(DataDirectory.Resolve(services), "keys"));
        var report = await move.RunAsync(Console.Error.WriteLine);
        if (!report.Succeeded)
        {
            Console.Error.WriteLine(report.Refusal);
            return 1;
        }

        foreach (var table in report.Tables.Where(t => t.Copied != t.InTarget))
        {
            Console.Error.WriteLine($"{table.Table}: {table.Copied:N0} rows copied but {table.InTarget:N0} in PostgreSQL");
        }

        Console.WriteLine($"Copied {report.Tables.Sum(t => t.Copied):N0} rows in {report.Tables.Count} tables and {report.Keys} key-ring keys; " +
            (report.CountsAgree ? "every table's row count agrees." : "row counts DIFFER (see above)."));
        Console.WriteLine("Now set Database:Provider to Postgres and Database:ConnectionString to the same connection string, and start the app.");
        return report.CountsAgree ? 0 : 1;
    }

    private static async Task<int> RunDevSmtpAsync(WebApplication app, Dictionary<string, string> flags)
    {
        // The configured relay port, not the options' (in Development the inbox takes the relay's place on a port of its own).
        var relayPort = app.Configuration.GetValue("Delivery:Relay:Port", new RelayOptions().Port);
        if (flags.TryGetValue("port", out var text) && !int.TryParse(text, out relayPort))
        {
            return PrintUsage(2);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        return await DevSmtpSink.RunAsync(relayPort, Path.Combine(DataDirectory.Resolve(app.Services), "dev-smtp"), stop.Token);
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider services, string account, string name)
    {
        var found = await services.GetRequiredService<AccountDirectory>().FindAsync(account);
        if (!found.Succeeded)
        {
            return Report(found, _ => "");
        }

        var created = await services.GetRequiredService<ApiKeyService>().CreateAsync(found.Value!.Id, name);
        if (created.Succeeded)
        {
            await services.GetRequiredService<Core.Audit.AuditLog>().RecordAsync(found.Value.Id, new Core.Audit.AuditActor("operator command line", null),
                Core.Audit.AuditActions.ApiKeyCreated, created.Value!.Key.Name, $"{created.Value.Key.Prefix}…, Full API");
        }

        return Report(created, key => key.Secret);
    }

    private static int Report<T>(Result<T> result, Func<T, string> success)
    {
        if (result.Succeeded)
        {
            Console.WriteLine(success(result.Value!));
            return 0;
        }

        foreach (var error in result.Errors)
        {
            Console.Error.WriteLine($"error: {error.Message}");
        }

        return 1;
    }

    private static int PrintUsage(int exitCode)
    {
        (exitCode == 0 ? Console.Out : Console.Error).WriteLine(Usage);
        return exitCode;
    }

    private static Dictionary<string, string> ParseFlags(IEnumerable<string> args)
    {
        var flags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                // A flag followed by another flag is a switch (--replace).
                if (pending is not null)
                {
                    flags[pending] = "true";
                }

                var eq = arg.IndexOf('=');
                if (eq > 0)
                {
                    flags[arg[2..eq]] = arg[(eq + 1)..];
                    pending = null;
                }
                else
                {
                    pending = arg[2..];
                }
            }
            else if (pending is not null)
            {
                flags[pending] = arg;
                pending = null;
            }
        }

        if (pending is not null)
        {
            flags[pending] = "true";
        }

        return flags;
    }
}
