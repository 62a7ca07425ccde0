using SmartSender.Core;
using SmartSender.Web.Hosting;

var builder = WebApplication.CreateBuilder(OperatorCommands.HostArguments(args));
builder.Configuration.AddOperatorSettings();
builder.AddSmartSenderCore();
builder.AddSmartSenderWeb();
builder.KeepStandardOutputForCommands(args);

var app = builder.Build();
await app.InitializeDatabaseAsync();

if (OperatorCommands.IsCommand(args))
{
    return await app.RunOperatorCommandAsync(args);
}

app.UseSmartSender();
app.AnnounceUrlsOnStart();
await app.RunAsync();
return 0;

/// <summary>The web app's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
