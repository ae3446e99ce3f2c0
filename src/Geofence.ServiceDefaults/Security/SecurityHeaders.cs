using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Geofence.ServiceDefaults.Security;

/// <summary>
/// Headers on every answer, error pages included: no content sniffing, no referrer leaving with a link's token, never
/// framed, API answers never cached (they carry personal data), and HSTS when Production is reached over https.
/// Set when the answer starts, so whatever wrote it (an endpoint, the exception handler, status pages) gets them.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IHostEnvironment environment)
    {
        var production = environment.IsProduction();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                // A page that sets its own policy (the link pages) says frame-ancestors itself.
                if (string.IsNullOrEmpty(headers.ContentSecurityPolicy)) headers.ContentSecurityPolicy = "frame-ancestors 'none'";
                if (context.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
                if (production && context.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
