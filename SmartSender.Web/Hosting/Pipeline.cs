using Microsoft.Extensions.Options;
using SmartSender.Core.Instances;
using SmartSender.Web.Accounts;
using SmartSender.Web.Api;
using SmartSender.Web.Auth;
using SmartSender.Web.Components;
using SmartSender.Web.Health;
using SmartSender.Web.Telemetry;
using SmartSender.Web.Jobs;
using SmartSender.Web.Messages;
using SmartSender.Web.Tracking;

namespace SmartSender.Web.Hosting;

public static class Pipeline
{
    public static WebApplication UseSmartSender(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseWhen(
            ctx => !ctx.Request.Path.StartsWithSegments("/api") && !ctx.Request.Path.StartsWithSegments("/jobs"),
            branch => branch.UseStatusCodePagesWithReExecute("/error/{0}", createScopeForStatusCodePages: true));
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), branch => branch.UseApiStatusProblems());

        // A status page answers whatever the method was: re-executed as a POST it would be taken for a form post
        // without its token (400), and as a PUT it would find no page at all.
        app.Use((ctx, next) =>
        {
            if (ctx.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null && !HttpMethods.IsHead(ctx.Request.Method))
            {
                ctx.Request.Method = HttpMethods.Get;
            }

            return next(ctx);
        });

        // Routing after the status-code pages, so that a re-executed request is routed to the error page.
        app.UseRouting();
        app.UseOwnBuffersForLargeBodies();
        app.UseSetupGate();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseHealthGate();
        app.UseAntiforgery();

        // Made now, not at the first API request: it counts the failures other instances report from the start.
        app.Services.GetRequiredService<SmartSender.Web.Auth.FailedKeyAttempts>();

        // Each instance serves the parts of its roles (Instance:Roles); the others answer 404 there.
        var roles = app.Services.GetRequiredService<IOptions<InstanceOptions>>().Value;
        if (roles.Has(InstanceRole.Dashboard))
        {
            app.MapStaticAssets();
            app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
            app.MapAuthEndpoints();
            app.MapMessageExport();
            Contacts.ListExport.MapListExport(app);
            app.MapAccountExport();
            app.MapJobsDashboard();
        }

        if (roles.Has(InstanceRole.Api))
        {
            app.MapMessagesApi();
            app.MapBatchSendApi();
            app.MapWebhooksApi();
            app.MapAccountApi();
            app.MapDomainsApi();
            app.MapTemplatesApi();
            app.MapLanesApi();
            app.MapEventsApi();
            app.MapStatsApi();
            app.MapReputationApi();
            app.MapSuppressionsApi();
            app.MapContactsApi();
            app.MapCampaignsApi();
            app.MapSegmentsApi();
            app.MapRecipientsApi();
            app.MapApiReference();
        }

        if (roles.Has(InstanceRole.Tracking))
        {
            app.MapTrackingEndpoints();
        }

        app.MapHealthEndpoints();
        app.MapSmartSenderMetrics();
        app.ScheduleRecurringJobs();
        return app;
    }
}
