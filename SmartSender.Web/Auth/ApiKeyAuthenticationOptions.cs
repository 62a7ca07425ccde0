using Microsoft.AspNetCore.Authentication;

namespace SmartSender.Web.Auth;

public class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions;
