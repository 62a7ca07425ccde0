using SmartSender.Web.Api;
using SmartSender.Web.Auth;
using SmartSender.Web.Components;
using SmartSender.Web.Jobs;

namespace SmartSender.Web.Hosting;

public static class Pipeline
{
    public static WebApplication UseSmartSender(this WebApplication app)
    {
        app.UseExceptionHandler("/error");
        app.UseWhen(
            ctx => !ctx.Request.Path.StartsWithSegments("/api") && !ctx.Request.Path.StartsWithSegments("/jobs"),
            branch => branch.UseStatusCodePagesWithReExecute("/error/{0}"));

        app.UseSetupGate();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAuthEndpoints();
        app.MapMessagesApi();
        app.MapJobsDashboard();
        return app;
    }
}
