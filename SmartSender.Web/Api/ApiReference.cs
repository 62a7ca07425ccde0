using Microsoft.OpenApi;

namespace SmartSender.Web.Api;

/// <summary>The OpenAPI document of the HTTP API (/openapi/v1.json) and a browsable reference of it (/api/docs).</summary>
public static class ApiReference
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "api/docs";

    /// <summary>The name of the API-key scheme in the document, behind the reference page's Authorize button.</summary>
    public const string SecuritySchemeId = "apiKey";

    public static IServiceCollection AddApiReference(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "SmartSender API",
                Version = "v1",
                Description = "Send one message per request, from a verified sending domain. Authenticate with `Authorization: Bearer <API key>`: "
                    + "on this page, press Authorize and paste a key.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecuritySchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "API key",
                Description = "An API key made on the dashboard's API keys page (it starts with `" + Core.ApiKeys.ApiKeySecret.Scheme + "`).",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeId, document)] = [] }];

            // The same document wherever it is read from (a client generated from it is compared with it), and the
            // page's requests go to the host that served it.
            document.Servers = [];
            DescribeFreeFormJson(document);
            return Task.CompletedTask;
        }).AddApiExamples().AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo?.CustomConverter is LargeStringConverter)
            {
                schema.Type = context.JsonPropertyInfo.IsSetNullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            }

            return Task.CompletedTask;
        }));

    /// <summary>
    /// Fields read as raw JSON (variables, sample variables) are JSON objects, and <c>to</c> is one address; the
    /// framework would describe each as an empty "JsonElement" schema, which a generated client cannot fill in.
    /// </summary>
    private static void DescribeFreeFormJson(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        foreach (var (name, schema) in schemas)
        {
            if (schema is not OpenApiSchema { Properties: { } properties })
            {
                continue;
            }

            foreach (var property in properties.Keys.Where(k => IsJsonElement(properties[k])).ToList())
            {
                properties[property] = name == nameof(SendMessageBody) && property == "to"
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Description = "The one recipient: an address, or a name and address (\"Ann <ann@example.com>\")." }
                    : new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Null, Description = "A JSON object of names and values." };
            }
        }

        schemas.Remove("JsonElement");
    }

    private static bool IsJsonElement(IOpenApiSchema schema) =>
        schema is OpenApiSchemaReference { Reference.Id: "JsonElement" } || (schema.OneOf?.Any(IsJsonElement) ?? false);

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint(DocumentPath, "SmartSender API v1");
            options.RoutePrefix = PagePath;
            options.DocumentTitle = "SmartSender API reference";
            options.EnablePersistAuthorization();
        });
        return app;
    }
}
